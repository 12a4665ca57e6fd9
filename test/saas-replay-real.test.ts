import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createEnricher } from '../src/enrich/index.js';
import { classifyNetwork } from '../src/enrich/ip/network-class.js';
import type { Event, EventOfKind } from '../src/events/event.js';
import type { AnyModel } from '../src/models/model.js';
import impossibleTravel from '../src/models/saas/impossible-travel.js';
import { SAAS } from '../src/models/saas/names.js';
import suspiciousLoginAttempt from '../src/models/saas/suspicious-login-attempt.js';
import { runModels } from '../src/models/testing.js';
import { entraSigninLogsJson } from '../src/sources/entra/decoders.js';
import { microsoftRecordToEvent } from '../src/sources/m365/microsoft-record.js';
import { runCli } from './cli.js';
import { sharedData } from './shared-data.js';

const M365 = sharedData('m365');

interface Line {
  type: string;
  model?: string;
  summary?: string;
  related?: { kind: string; id: string }[];
  action?: string;
  target?: { kind: string; id: string };
}

/**
 * The real Microsoft 365 / Entra records replayed through the whole pipeline (decoders, the
 * shipped ASN database, baselines, every model, analyst and response policy), as an analyst would.
 */
describe('replay of the real Microsoft 365 and Entra ID records', () => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-saas-replay-'));
  const r = runCli([
    'replay',
    '--no-progress',
    '--rejects',
    join(dir, 'rejects.jsonl'),
    join(M365, 'otrf-goldensaml-simuland'),
    join(M365, 'msticpy-aad-signinlogs'),
  ]);
  const out = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);

  test('runs clean; operations telltale does not model are kept as saas.other and counted', () => {
    expect(r.code, r.stderr).toBe(0);
    // The Defender rows LdapSearch x5 and Directory Services replication x2.
    expect(r.stderr).toMatch(/events by kind: .*saas\.other 7\b/);
    expect(r.stderr).toMatch(/saas\.login 86\b/);
    expect(r.stderr).toMatch(/rejected records: 0\b/);
  });

  test('the Golden SAML delegated grant blames the client application, not Microsoft Graph', () => {
    const grant = out.find((l) => l.type === 'breach' && l.model === SAAS.oauthGrant)!;
    expect(grant.summary).toMatch(
      /Mail\.ReadWrite permissions on Microsoft Graph to "0d2f5969-011b-460d-ac74-3291d227d49f"/,
    );
    expect(grant.related).toContainEqual({ kind: 'app', id: '0d2f5969-011b-460d-ac74-3291d227d49f' });
    const graph = '00000003-0000-0000-c000-000000000000';
    expect(out.filter((l) => l.related?.some((x) => x.id === graph) || l.target?.id === graph)).toEqual([]);
    const disable = out.filter((l) => l.type === 'action' && l.action === 'disable_service_principal');
    expect(disable.map((a) => a.target)).toEqual([{ kind: 'app', id: '0d2f5969-011b-460d-ac74-3291d227d49f' }]);
  });

  test('no impossible travel in the CTF tenant sign-ins', () => {
    expect(out.filter((l) => l.model === SAAS.impossibleTravel)).toEqual([]);
  });
});

describe('impossible travel on the real msticpy sign-ins', () => {
  const text = readFileSync(join(M365, 'msticpy-aad-signinlogs', 'aad_signinlogs.jsonl'), 'utf8');
  const events: Event[] = [];
  const d = entraSigninLogsJson.open('aad_signinlogs.jsonl', {
    event: (e) => events.push(e),
    reject: (x) => {
      throw new Error(x.reason);
    },
    skip: () => {},
  });
  text
    .split('\n')
    .filter((l) => l !== '')
    .forEach((l, i) => {
      d.line(l, i + 1);
    });
  d.end();
  const enrich = createEnricher({ classifyNetwork });
  for (const e of events) enrich(e);
  events.sort((a, b) => a.time - b.time);
  const withHistoryRule = (thresholds: Record<string, number>) =>
    runModels([impossibleTravel as unknown as AnyModel], events, {
      overrides: { [SAAS.impossibleTravel]: { thresholds: { minHistoryDays: 0, minLogins: 0, ...thresholds } } },
    }).breaches;

  test('ctfuser3 from New Jersey to Illinois in 74 minutes is within geo-IP uncertainty, even without the history rule', () => {
    expect(withHistoryRule({})).toEqual([]);
  });

  test('the same jump is what fired before the uncertainty allowance', () => {
    const fired = withHistoryRule({ uncertaintyKm: 0 });
    expect(fired.map((b) => b.entity.id)).toEqual(['ctfuser3@seccxp.ninja']);
  });
});

describe('Entra ID risk ratings on the real Panther sign-in records', () => {
  const tests = readFileSync(join(M365, 'panther-analysis-rule-tests', 'panther_microsoft_rule_tests.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { log_type: string; test_name: string; log: Record<string, unknown> });
  const enrich = createEnricher({ classifyNetwork });
  const logins = tests
    .filter((t) => t.log_type === 'Azure.Audit')
    .map((t) => ({ name: t.test_name, e: microsoftRecordToEvent(t.log, { input: t.test_name }) }))
    .filter(
      (x): x is { name: string; e: EventOfKind<'saas.login'> } => typeof x.e !== 'string' && x.e.kind === 'saas.login',
    );
  for (const { e } of logins) enrich(e);

  test('the sign-ins Entra rated high risk and nobody cleared are suspicious; the dismissed one is not', () => {
    const fired = new Set<string>();
    for (const { name, e } of logins) {
      // Each record judged on its own, as the first sign-in of its user.
      const { breaches } = runModels([suspiciousLoginAttempt as unknown as AnyModel], [e]);
      if (breaches.length > 0) fired.add(name);
    }
    // The third is a service principal's failed secret (7000215) rated high during sign-in: an agent's breach.
    expect([...fired].sort()).toEqual([
      'Failed Sign-In with riskLevelDuringSignIn',
      'High Risk During Sign-In',
      'Risk Event Counts Toward Threshold',
    ]);
    expect(logins.find((x) => x.name === 'Failed Sign-In with riskLevelDuringSignIn')!.e.entity.kind).toBe('agent');
    expect(logins.some((x) => x.name === 'High Risk Dismissed')).toBe(true);
  });
});
