import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../events/event.js';
import { AI_MODELS } from './ai/index.js';
import { NETWORK_MODELS } from './network/index.js';
import { allModels, modelByName } from './registry.js';
import { SAAS_MODELS } from './saas/index.js';

/** The detection model names DESIGN §4 fixes: analysts search, tune and write response policy by them. */
const DESIGN_NAMES = {
  network: [
    'Anomalous Connection::Multiple HTTP POSTs to Rare Hostname',
    'Anomalous Connection::Posting HTTP to IP Without Hostname',
    'Anomalous Connection::New User Agent to IP Without Hostname',
    'Anomalous Connection::Rare External SSL Self-Signed',
    'Anomalous Connection::Powershell to Rare External',
    'Compromise::Fast Beaconing to DGA',
    'Compromise::Beaconing Activity To External Rare',
    'Compromise::Possible SSL Command and Control',
    'Compromise::Large Number of Suspicious Failed Connections',
    'Compromise::Possible Doppelganger Attack',
    'Device::Anomalous Github Download',
    'Device::New PowerShell User Agent',
    'Unusual Activity::Unusual External Data to New Endpoint',
  ],
  saas: [
    'SaaS / Access / Unusual External Source for SaaS Credential Use',
    'SaaS / Access / Suspicious Login Attempt',
    'SaaS / Compromise / Login From Rare Following Suspicious Login Attempt(s)',
    'SaaS / Email Nexus / Unusual Location for SaaS and Email Activity',
    'SaaS / Admin / OAuth Permission Grant',
    'SaaS / Compromise / Unusual Login Following OAuth Grant',
    'SaaS / Admin / New Application Service Principal',
    'IaaS / Admin / Azure Application Administration Activities',
    'SaaS / Compliance / New Email Rule',
    'SaaS / Compromise / Unusual Login and New Email Rule',
    'SaaS / Email Nexus / Suspicious Internal Exchange Activity',
    'SaaS / Email Nexus / Possible Outbound Email Spam',
    'SaaS / Compromise / Unusual Login and Outbound Email Spam',
    'SaaS / Compromise / Suspicious Login and Suspicious Outbound Email(s)',
  ],
  ai: [
    'AI / Prompt / Personal Data in Prompt',
    'AI / Prompt / Credentials in Prompt',
    'AI / Prompt / Sensitive Business Data in Prompt',
    'AI / Prompt / Prompt Injection Attempt',
    'AI / Prompt / Jailbreak Attempt',
    'AI / Prompt / Policy Violation',
    'AI / Usage / Unusual Prompt Volume',
    'AI / Usage / New AI Application',
    'AI / Agent / New Agent Identity',
    'AI / Usage / Prompt Activity Outside Role',
    'AI / Compromise / Risky Prompt Following Unusual Login',
  ],
} as const;

/** Each category's naming style (the field's own two styles). */
const NAME_STYLE = {
  network: /^[A-Z][A-Za-z ]*::[A-Z][A-Za-z0-9 ()-]*$/,
  saas: /^(SaaS|IaaS) \/ [A-Z][A-Za-z ]* \/ [A-Z][A-Za-z0-9 ()/-]*$/,
  ai: /^AI \/ [A-Z][A-Za-z ]* \/ [A-Z][A-Za-z0-9 ()-]*$/,
} as const;

const MITRE_TECHNIQUE = /^T\d{4}(\.\d{3})?$/;
const models = allModels();
const names = models.map((m) => m.meta.name);

describe('the model registry', () => {
  it('holds every model under a unique exact name, found by that name only', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const m of models) {
      expect(modelByName(m.meta.name)).toBe(m);
      expect(modelByName(m.meta.name.toLowerCase())).toBeUndefined();
      expect(m.meta.name).toBe(m.meta.name.trim());
    }
  });

  it('holds every model DESIGN §4 names, in the category it belongs to', () => {
    for (const [category, expected] of Object.entries(DESIGN_NAMES)) {
      for (const name of expected) expect(modelByName(name)?.meta.category, name).toBe(category);
    }
  });

  it('registers each model with its category and named in its style', () => {
    const byList = { network: NETWORK_MODELS, saas: SAAS_MODELS, ai: AI_MODELS };
    expect(models).toHaveLength(NETWORK_MODELS.length + SAAS_MODELS.length + AI_MODELS.length);
    for (const [category, list] of Object.entries(byList)) {
      for (const m of list) {
        expect(m.meta.category, m.meta.name).toBe(category);
        expect(m.meta.name).toMatch(NAME_STYLE[category as keyof typeof NAME_STYLE]);
      }
    }
  });

  describe.each(models.map((m) => [m.meta.name, m] as const))('%s', (_name, m) => {
    const meta = m.meta;

    it('describes itself, its severity and its known benign causes', () => {
      expect(meta.description.length).toBeGreaterThan(20);
      expect(meta.description).toMatch(/\.$/);
      expect(Number.isInteger(meta.severity)).toBe(true);
      expect(meta.severity).toBeGreaterThanOrEqual(0);
      expect(meta.severity).toBeLessThanOrEqual(100);
      expect(meta.falsePositives.length).toBeGreaterThan(0);
      for (const fp of meta.falsePositives) expect(fp.trim().length).toBeGreaterThan(0);
    });

    it('names MITRE ATT&CK techniques shaped like T1234 or T1234.001, each once', () => {
      expect(meta.mitre.length).toBeGreaterThan(0);
      for (const id of meta.mitre) expect(id).toMatch(MITRE_TECHNIQUE);
      expect(new Set(meta.mitre).size).toBe(meta.mitre.length);
    });

    it('names its thresholds with a finite, non-negative default each', () => {
      const entries = Object.entries(meta.thresholds);
      expect(entries.length).toBeGreaterThan(0);
      for (const [key, value] of entries) {
        expect(key).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(typeof value, key).toBe('number');
        expect(Number.isFinite(value), key).toBe(true);
        expect(value, key).toBeGreaterThanOrEqual(0);
      }
    });

    it('reads real event kinds with evaluate, and the breaches of real models with onBreach', () => {
      for (const kind of meta.reads) expect(EVENT_KINDS).toContain(kind);
      expect(new Set(meta.reads).size).toBe(meta.reads.length);
      expect(typeof m.evaluate === 'function').toBe(meta.reads.length > 0);
      const breachesOf = meta.readsBreachesOf ?? [];
      for (const other of breachesOf) {
        expect(names, other).toContain(other);
        expect(other).not.toBe(meta.name);
      }
      expect(typeof m.onBreach === 'function').toBe(breachesOf.length > 0);
      expect(meta.reads.length + breachesOf.length).toBeGreaterThan(0);
    });
  });
});
