import { defineRule, HOUR } from '../rule.js';

/**
 * Breaches that accumulate into one incident on a device: block its connections to the incident's
 * endpoints; quarantine when the incident is severe and has reached command and control or exfiltration.
 */
export default defineRule({
  meta: {
    name: 'Response / Network / Breaches Over Time Block',
    description:
      'Blocks a device from the external endpoints of an incident once several breaches accumulate on it, and asks to quarantine it when the incident is severe and reached command and control or exfiltration.',
    category: 'response',
    mitre: [],
    severity: 0,
    reads: [],
    actions: ['block_connections', 'quarantine_device'],
    mode: 'autonomous',
    modeOf: { quarantine_device: 'human_confirmation' },
    durationMs: 4 * HOUR,
    durationOf: { quarantine_device: HOUR },
    thresholds: { minBreaches: 3, minScore: 60, quarantineScore: 90 },
    falsePositives: ['A device that keeps tripping weak models through a misconfiguration rather than an attack'],
  },
  onIncident(incident, ctx) {
    if (incident.score < ctx.params.minScore) return [];
    const endpoints = incident.entities.filter((e) => e.kind === 'endpoint').map((e) => e.id);
    const late =
      incident.mitre.tactics.includes('command-and-control') || incident.mitre.tactics.includes('exfiltration');
    const perDevice = new Map<string, number>();
    for (const t of incident.timeline)
      if (t.entity.kind === 'device') perDevice.set(t.entity.id, (perDevice.get(t.entity.id) ?? 0) + 1);
    const out = [];
    for (const [id, n] of perDevice) {
      if (n < ctx.params.minBreaches) continue;
      const target = { kind: 'device' as const, id };
      const why = `${n} breaches on ${id} in incident ${incident.id} scoring ${incident.score}`;
      if (endpoints.length > 0) {
        out.push({
          action: 'block_connections' as const,
          target,
          scope: { endpoints },
          reason: [incident.id],
          time: incident.end,
          why,
        });
      }
      if (late && incident.score >= ctx.params.quarantineScore) {
        out.push({
          action: 'quarantine_device' as const,
          target,
          reason: [incident.id],
          time: incident.end,
          why: `${why}, reaching ${incident.mitre.tactics.at(-1)}`,
        });
      }
    }
    return out;
  },
});
