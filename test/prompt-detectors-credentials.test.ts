import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PromptFinding, scanPrompt } from '../src/enrich/prompt/index.js';
import { sharedData } from './shared-data.js';

const DATA = sharedData();

function credentials(text: string): PromptFinding[] {
  return scanPrompt(text, { categories: ['credential'] });
}

/**
 * Deterministic random-looking token bodies, built at test time so that no real-looking secret is
 * written in the repository (and secret scanners have nothing to flag).
 */
function randomToken(alphabet: string, length: number, seed: number): string {
  let x = seed >>> 0 || 1;
  let s = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += alphabet[(x >>> 0) % alphabet.length];
  }
  return s;
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = `${ALNUM}+/`;

describe('credentials: every documented shape fires, its documentation look-alike does not', () => {
  const cases: { type: string; secret: string; text: (s: string) => string }[] = [
    {
      type: 'aws_access_key',
      secret: `AKIA${randomToken(UPPER32, 16, 1)}`,
      text: (s) => `aws configure set aws_access_key_id ${s}`,
    },
    { type: 'aws_secret_key', secret: randomToken(B64, 40, 2), text: (s) => `aws_secret_access_key = ${s}` },
    {
      type: 'github_token',
      secret: `ghp_${randomToken(ALNUM, 36, 3)}`,
      text: (s) => `git clone https://github.com/acme/app and use token ${s}`,
    },
    {
      type: 'github_token',
      secret: `github_pat_${randomToken(`${ALNUM}_`, 82, 4)}`,
      text: (s) => `GITHUB_TOKEN: ${s}`,
    },
    { type: 'gitlab_token', secret: `glpat-${randomToken(ALNUM, 20, 5)}`, text: (s) => `why does ${s} give 401?` },
    {
      type: 'slack_token',
      secret: `xoxb-${randomToken('0123456789', 12, 6)}-${randomToken('0123456789', 13, 7)}-${randomToken(ALNUM, 24, 8)}`,
      text: (s) => `slack bot token ${s}`,
    },
    {
      type: 'slack_webhook',
      secret: `https://hooks.slack.com/services/T${randomToken(UPPER32, 8, 9)}/B${randomToken(UPPER32, 8, 10)}/${randomToken(ALNUM, 24, 11)}`,
      text: (s) => `post to ${s}`,
    },
    { type: 'stripe_key', secret: `sk_live_${randomToken(ALNUM, 24, 12)}`, text: (s) => `stripe.api_key = "${s}"` },
    {
      type: 'google_api_key',
      secret: `AIza${randomToken(`${ALNUM}_-`, 35, 13)}`,
      text: (s) => `maps key ${s} stopped working`,
    },
    {
      type: 'azure_client_secret',
      secret: `${randomToken(ALNUM, 3, 14)}8Q~${randomToken(ALNUM, 34, 15)}`,
      text: (s) => `client_secret=${s}`,
    },
    {
      type: 'azure_storage_key',
      secret: `${randomToken(B64, 86, 16)}==`,
      text: (s) => `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${s};EndpointSuffix=core.windows.net`,
    },
    {
      type: 'openai_api_key',
      secret: `sk-proj-${randomToken(ALNUM, 40, 17)}T3BlbkFJ${randomToken(ALNUM, 40, 18)}`,
      text: (s) => `export OPENAI_API_KEY=${s}`,
    },
    {
      type: 'anthropic_api_key',
      secret: `sk-ant-api03-${randomToken(`${ALNUM}_-`, 93, 19)}AA`,
      text: (s) => `use ${s} for claude`,
    },
    {
      type: 'npm_token',
      secret: `npm_${randomToken(ALNUM, 36, 20)}`,
      text: (s) => `//registry.npmjs.org/:_authToken=${s}`,
    },
    {
      type: 'sendgrid_key',
      secret: `SG.${randomToken(ALNUM, 22, 21)}.${randomToken(ALNUM, 43, 22)}`,
      text: (s) => `SENDGRID=${s}`,
    },
    {
      type: 'private_key',
      secret: `-----BEGIN RSA PRIVATE KEY-----\n${randomToken(B64, 64, 23)}\n${randomToken(B64, 64, 24)}\n-----END RSA PRIVATE KEY-----`,
      text: (s) => `why does ssh reject this key?\n${s}\nthanks`,
    },
    {
      type: 'jwt',
      secret: `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"42","name":"Ana"}').toString('base64url')}.${randomToken(`${ALNUM}_-`, 43, 25)}`,
      text: (s) => `decode this token: ${s}`,
    },
    {
      type: 'connection_string',
      secret: randomToken(ALNUM, 14, 26),
      text: (s) => `postgres://app:${s}@db.internal:5432/prod is slow`,
    },
    {
      type: 'connection_string',
      secret: randomToken(ALNUM, 14, 27),
      text: (s) => `Server=sql01;Database=crm;User Id=sa;Password=${s};`,
    },
    { type: 'generic_secret', secret: randomToken(ALNUM, 24, 28), text: (s) => `db_password: ${s}` },
    {
      type: 'high_entropy_secret',
      secret: randomToken(B64, 40, 29),
      text: (s) => `here is the secret we use in prod ${s} keep it safe`,
    },
  ];
  for (const c of cases) {
    it(`${c.type} fires and its span is exactly the secret`, () => {
      const text = c.text(c.secret);
      const got = credentials(text).filter((f) => f.type === c.type);
      expect(got.length).toBe(1);
      expect(text.slice(got[0]!.start, got[0]!.end)).toBe(c.secret);
      expect(JSON.stringify(got)).not.toContain(c.secret);
    });
  }

  it("AWS's documentation keys and obvious placeholders stay silent", () => {
    for (const text of [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'OPENAI_API_KEY=<your-api-key>',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder is the point of this case
      'password = ${DB_PASSWORD}',
      'curl -u username:password https://api.example.com',
      'postgres://user:<password>@localhost/db',
      '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
    ]) {
      expect(credentials(text), text).toEqual([]);
    }
  });

  it('words about secrets without a secret stay silent', () => {
    for (const text of [
      'My password is incorrect, how do I reset it?',
      'What is the difference between an API key and an OAuth token?',
      'Rotate the secret every 90 days and store the token in a vault.',
      'The function getTokenFromHeader(request) returns undefined',
    ]) {
      expect(credentials(text), text).toEqual([]);
    }
  });
});

interface GitleaksSample {
  rule_id: string;
  label: 'true_positive' | 'false_positive';
  text: string;
}

describe('credentials on the gitleaks rule samples (1,074 labelled strings)', () => {
  const samples = readFileSync(`${DATA}/secrets/gitleaks-rule-samples/gitleaks_rule_samples.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as GitleaksSample);

  it('fires on at least 80% of the strings gitleaks says are secrets', () => {
    const tps = samples.filter((s) => s.label === 'true_positive');
    const found = tps.filter((s) => credentials(s.text).length > 0).length;
    expect(found / tps.length).toBeGreaterThan(0.8);
  });

  it('stays silent on at least 88% of the strings gitleaks lists as false positives', () => {
    const fps = samples.filter((s) => s.label === 'false_positive');
    const fired = fps.filter((s) => credentials(s.text).length > 0).length;
    expect(fired / fps.length).toBeLessThan(0.12);
  });

  it('fires on every AWS, GitHub-shaped, Slack and OpenAI true positive and none of their placeholders', () => {
    for (const rule of ['aws-access-token', 'slack-bot-token', 'slack-app-token', 'openai-api-key', 'private-key']) {
      const rows = samples.filter((s) => s.rule_id === rule);
      for (const r of rows) {
        const fired = credentials(r.text).length > 0;
        expect(fired, `${rule}: ${r.text.slice(0, 80)}`).toBe(r.label === 'true_positive');
      }
    }
  });
});

describe('credentials on the detect-secrets fixtures', () => {
  const dir = `${DATA}/secrets/detect-secrets-plugin-tests/test_data/files`;

  it('finds secrets in file_with_secrets.py and none in file_with_no_secrets.py', () => {
    expect(credentials(readFileSync(`${dir}/file_with_secrets.py`, 'utf8')).length).toBeGreaterThan(0);
    expect(credentials(readFileSync(`${dir}/file_with_no_secrets.py`, 'utf8'))).toEqual([]);
  });

  it('finds the private key fixture', () => {
    expect(credentials(readFileSync(`${dir}/private_key`, 'utf8')).map((f) => f.type)).toContain('private_key');
  });

  it('agrees with most plugin cases that must or must not flag', () => {
    const cases = readFileSync(`${DATA}/secrets/detect-secrets-plugin-tests/detect_secrets_plugin_cases.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { plugin_test: string; text: string; should_flag: boolean })
      // ip_public is about public IPs (personal data here); artifactory/IBM/softlayer keys are unprefixed shapes not in scope
      .filter((c) => !/ip_public|artifactory|ibm_cos|aws_key|twilio/.test(c.plugin_test));
    const negatives = cases.filter((c) => !c.should_flag);
    const quiet = negatives.filter((c) => credentials(c.text).length === 0).length;
    expect(quiet / negatives.length).toBeGreaterThan(0.85);
  });
});
