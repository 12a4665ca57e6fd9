import { describe, expect, it } from 'vitest';
import { Analyst } from '../src/analyst/analyst.js';
import type { Incident } from '../src/analyst/incident.js';
import { toNavigatorLayer } from '../src/analyst/navigator.js';
import { NETWORK_MODELS } from '../src/models/network/index.js';
import { afterBackground, HOUR, MINUTE, NetEvents, officeBackground, UA } from '../src/models/network/test-events.js';
import { runModels } from '../src/models/testing.js';
import type { Action } from '../src/response/action.js';
import { responseConfigSchema } from '../src/response/config.js';
import { ResponsePolicy } from '../src/response/policy.js';

const LEARN_DAYS = 5;

/** A laptop beaconing to a bare IP and uploading to a self-signed server: command and control, then exfiltration. */
function implant(b: NetEvents, dev: string, t: number): void {
  for (let i = 0; i < 14; i++) {
    const at = t + i * 10 * MINUTE + (i % 3) * 3_000;
    b.conn(at, dev, '45.77.12.35', 8443, { bytesOut: i === 10 ? 40_000_000 : 1_500, service: 'ssl' });
    b.tls(at + 40, dev, '45.77.12.35', { port: 8443, selfSigned: true, validationStatus: 'self signed certificate' });
  }
  for (let i = 0; i < 30; i++) {
    const at = t + 5 * MINUTE + i * 3 * MINUTE + ((i * 11) % 5) * 1_000;
    b.conn(at, dev, '45.77.12.34', 6783, { bytesOut: 400, service: 'http' });
    b.http(at + 20, dev, '45.77.12.34', {
      method: 'POST',
      host: '45.77.12.34:6783',
      uri: '/api/daemon',
      userAgent: UA.curl,
      requestBodyLen: 380,
      port: 6783,
    });
  }
}

/** A Windows desktop probing a server, then fetching a PowerShell stager from it. */
function stager(b: NetEvents, dev: string, t: number): void {
  for (let i = 0; i < 150; i++)
    b.conn(t + i * 10_000, dev, '193.42.33.7', 8080, { connState: i % 3 ? 'S0' : 'REJ', bytesOut: 0 });
  const ps = t + 30 * MINUTE;
  b.conn(ps, dev, '193.42.33.7', 8080, { bytesOut: 300, service: 'http' });
  b.http(ps + 20, dev, '193.42.33.7', {
    host: '193.42.33.7:8080',
    uri: '/a.ps1',
    userAgent: UA.powershell,
    port: 8080,
  });
}

describe('analyst on the network models end to end', () => {
  it('makes one incident per attacked device when two intrusions run at once', () => {
    const b = new NetEvents();
    const devices = officeBackground(b, 20, LEARN_DAYS + 1);
    const learnUntil = afterBackground(LEARN_DAYS);
    const LAPTOP = devices[2]!;
    const DESKTOP = devices[11]!;
    implant(b, LAPTOP, learnUntil + 10 * HOUR);
    stager(b, DESKTOP, learnUntil + 10 * HOUR + 20 * MINUTE);
    const { breaches } = runModels(NETWORK_MODELS, b.sorted(), { learnUntil });
    const analyst = new Analyst();
    const policy = new ResponsePolicy({ config: responseConfigSchema.parse({ maxMode: 'autonomous' }) });
    const incidents = new Map<string, Incident>();
    const actions = new Map<string, Action>();
    for (const br of breaches) {
      for (const a of policy.onBreach(br)) actions.set(a.id, a);
      for (const inc of analyst.onBreach(br)) {
        incidents.set(inc.id, inc);
        for (const a of policy.onIncident(inc)) actions.set(a.id, a);
      }
    }
    const live = [...incidents.values()].filter((i) => i.mergedInto === undefined);
    const devicesOf = (i: Incident) => i.entities.filter((e) => e.kind === 'device').map((e) => e.id);
    const holding = (dev: string) => live.filter((i) => devicesOf(i).includes(dev));
    expect(holding(LAPTOP)).toHaveLength(1);
    expect(holding(DESKTOP)).toHaveLength(1);
    const implantIncident = holding(LAPTOP)[0]!;
    const stagerIncident = holding(DESKTOP)[0]!;
    expect(implantIncident.id).not.toBe(stagerIncident.id);
    expect(devicesOf(implantIncident)).toEqual([LAPTOP]);
    expect(devicesOf(stagerIncident)).toEqual([DESKTOP]);
    for (const br of breaches) {
      if (br.entity.id === LAPTOP) expect(implantIncident.breaches).toContain(br.id);
      if (br.entity.id === DESKTOP) expect(stagerIncident.breaches).toContain(br.id);
    }
    expect(
      implantIncident.entities
        .filter((e) => e.kind === 'endpoint')
        .map((e) => e.id)
        .sort(),
    ).toEqual(['45.77.12.34', '45.77.12.35']);
    expect(implantIncident.mitre.tactics.slice(-2)).toEqual(['command-and-control', 'exfiltration']);

    // The story in order with the baseline numbers.
    expect(implantIncident.title).toBe(`Possible data exfiltration on ${LAPTOP}`);
    expect(stagerIncident.title).toBe(`Possible command and control on ${DESKTOP}`);
    const s = implantIncident.summary;
    const order = [
      'Anomalous Connection::Rare External SSL Self-Signed',
      'Compromise::Beaconing Activity To External Rare',
      'Unusual Activity::Unusual External Data to New Endpoint',
    ].map((m) => s.indexOf(`[${m},`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(s).toContain('1 of 20 devices');
    expect(s).toContain('Establish what data left 10.1.0.3 for 45.77.12.35 and 45.77.12.34');

    // Block each device from its own attacker only; quarantine waits for a person.
    const acted = [...actions.values()].map((a) => [a.action, a.target.id, a.status, a.scope?.endpoints ?? null]);
    expect(acted).toContainEqual(['block_connections', LAPTOP, 'extended', ['45.77.12.34', '45.77.12.35']]);
    expect(acted).toContainEqual(['block_connections', DESKTOP, 'extended', ['193.42.33.7']]);
    expect(acted).toContainEqual(['quarantine_device', LAPTOP, 'awaiting_confirmation', null]);
    expect(acted.every(([, target]) => target === LAPTOP || target === DESKTOP)).toBe(true);

    // ATT&CK Navigator layer of both incidents.
    const layer = toNavigatorLayer(live);
    const cells = layer.techniques.map((t) => `${t.techniqueID}@${t.tactic}`);
    expect(cells).toContain('T1041@exfiltration');
    expect(cells).toContain('T1059.001@execution');
    expect(cells).toContain('T1573.002@command-and-control');
  });
});
