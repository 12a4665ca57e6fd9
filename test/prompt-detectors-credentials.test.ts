import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_TYPES } from '../src/enrich/prompt/credentials.js';
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
  const HEX = '0123456789abcdef';
  const DIGITS = '0123456789';
  const B64URL = `${ALNUM}_-`;
  const BECH32 = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';
  const x = (n: number) => 'x'.repeat(n);
  const pem = (seed: number) =>
    `-----BEGIN PRIVATE KEY-----\\n${randomToken(B64, 64, seed)}\\n${randomToken(B64, 64, seed + 1)}\\n-----END PRIVATE KEY-----\\n`;
  const jwtOf = (header: string, seed: number) =>
    `${Buffer.from(header).toString('base64url')}.${Buffer.from('{"sub":"42","name":"Ana"}').toString('base64url')}.${randomToken(B64URL, 43, seed)}`;

  /**
   * One case per finding type: `secret` is a value of the documented shape, made up at test time
   * (no real secret is committed), `text` the prompt around it, and `lookAlike` the same kind of
   * text with what documentation and tutorials put there instead (placeholders, published
   * examples, a value of the wrong shape).
   */
  const cases: { type: string; secret: string; text: (s: string) => string; lookAlike: string }[] = [
    {
      type: 'aws_access_key',
      secret: `AKIA${randomToken(UPPER32, 16, 1)}`,
      text: (s) => `aws configure set aws_access_key_id ${s}`,
      lookAlike: 'aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE',
    },
    {
      type: 'aws_secret_key',
      secret: randomToken(B64, 40, 2),
      text: (s) => `aws_secret_access_key = ${s}`,
      lookAlike: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
    {
      type: 'aws_bedrock_key',
      secret: `ABSK${randomToken(B64, 132, 3)}`,
      text: (s) => `AWS_BEARER_TOKEN_BEDROCK=${s}`,
      lookAlike: `AWS_BEARER_TOKEN_BEDROCK=ABSK${x(132)}`,
    },
    {
      type: 'github_token',
      secret: `ghp_${randomToken(ALNUM, 36, 4)}`,
      text: (s) => `git clone https://github.com/acme/app and use token ${s}`,
      lookAlike: `export GITHUB_TOKEN=ghp_${x(36)}`,
    },
    {
      type: 'gitlab_token',
      secret: `glpat-${randomToken(ALNUM, 20, 5)}`,
      text: (s) => `why does ${s} give 401?`,
      lookAlike: `why does glpat-${x(20)} give 401?`,
    },
    {
      type: 'slack_token',
      secret: `xoxb-${randomToken(DIGITS, 12, 6)}-${randomToken(DIGITS, 13, 7)}-${randomToken(ALNUM, 24, 8)}`,
      text: (s) => `slack bot token ${s}`,
      lookAlike: 'slack bot token xoxb-your-bot-token',
    },
    {
      type: 'slack_webhook',
      secret: `https://hooks.slack.com/services/T${randomToken(UPPER32, 8, 9)}/B${randomToken(UPPER32, 8, 10)}/${randomToken(ALNUM, 24, 11)}`,
      text: (s) => `post to ${s}`,
      lookAlike: 'post to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    },
    {
      type: 'stripe_key',
      secret: `sk_live_${randomToken(ALNUM, 24, 12)}`,
      text: (s) => `stripe.api_key = "${s}"`,
      lookAlike: `stripe.api_key = "sk_live_${x(24)}"`,
    },
    {
      type: 'google_api_key',
      secret: `AIza${randomToken(B64URL, 35, 13)}`,
      text: (s) => `maps key ${s} stopped working`,
      lookAlike: `maps key AIzaSy${'X'.repeat(33)} stopped working`,
    },
    {
      type: 'google_oauth_secret',
      secret: `GOCSPX-${randomToken(B64URL, 28, 14)}`,
      text: (s) => `"client_secret": "${s}"`,
      lookAlike: `"client_secret": "GOCSPX-${x(28)}"`,
    },
    {
      type: 'gcp_service_account',
      secret: '"type": "service_account"',
      text: (s) =>
        `{\n  ${s},\n  "project_id": "acme-prod",\n  "private_key_id": "${randomToken(HEX, 40, 15)}",\n  "private_key": "${pem(16)}",\n  "client_email": "ci@acme-prod.iam.gserviceaccount.com"\n}`,
      // The key file as Google's documentation shows it.
      lookAlike:
        '{\n  "type": "service_account",\n  "project_id": "PROJECT_ID",\n  "private_key_id": "KEY_ID",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nPRIVATE_KEY\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "SERVICE_ACCOUNT_EMAIL"\n}',
    },
    {
      type: 'azure_client_secret',
      secret: `${randomToken(ALNUM, 3, 17)}8Q~${randomToken(ALNUM, 34, 18)}`,
      text: (s) => `client_secret=${s}`,
      lookAlike: `client_secret=abc8Q~${x(34)}`,
    },
    {
      type: 'azure_storage_key',
      secret: `${randomToken(B64, 86, 19)}==`,
      text: (s) => `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${s};EndpointSuffix=core.windows.net`,
      lookAlike: `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${x(86)}==;EndpointSuffix=core.windows.net`,
    },
    {
      type: 'azure_sas_token',
      secret: `&sig=${encodeURIComponent(Buffer.from(randomToken(ALNUM, 32, 20)).toString('base64'))}`,
      text: (s) =>
        `https://acme.blob.core.windows.net/exports/q1.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-04-01T00:00:00Z&spr=https${s}`,
      lookAlike:
        'https://acme.blob.core.windows.net/exports/q1.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-04-01T00:00:00Z&spr=https&sig=<signature>',
    },
    {
      type: 'openai_api_key',
      secret: `sk-proj-${randomToken(ALNUM, 40, 21)}T3BlbkFJ${randomToken(ALNUM, 40, 22)}`,
      text: (s) => `export OPENAI_API_KEY=${s}`,
      lookAlike: 'export OPENAI_API_KEY=sk-proj-...',
    },
    {
      type: 'anthropic_api_key',
      secret: `sk-ant-api03-${randomToken(B64URL, 93, 23)}AA`,
      text: (s) => `use ${s} for claude`,
      lookAlike: 'use sk-ant-api03-... for claude',
    },
    {
      type: 'huggingface_token',
      secret: `hf_${randomToken(ALNUM.replace(/\d/g, ''), 34, 24)}`,
      text: (s) => `huggingface-cli login --token ${s}`,
      lookAlike: `huggingface-cli login --token hf_${x(34)}`,
    },
    {
      type: 'perplexity_api_key',
      secret: `pplx-${randomToken(ALNUM, 48, 25)}`,
      text: (s) => `PPLX_API_KEY=${s}`,
      lookAlike: `PPLX_API_KEY=pplx-${x(48)}`,
    },
    {
      type: 'npm_token',
      secret: `npm_${randomToken(ALNUM, 36, 26)}`,
      text: (s) => `//registry.npmjs.org/:_authToken=${s}`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: npm's documented .npmrc placeholder
      lookAlike: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
    },
    {
      type: 'pypi_token',
      secret: `pypi-AgEIcHlwaS5vcmc${randomToken(B64URL, 80, 27)}`,
      text: (s) => `[pypi]\nusername = __token__\npassword = ${s}`,
      lookAlike: `[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc${x(80)}`,
    },
    {
      type: 'sendgrid_key',
      secret: `SG.${randomToken(ALNUM, 22, 28)}.${randomToken(ALNUM, 43, 29)}`,
      text: (s) => `SENDGRID=${s}`,
      lookAlike: `SENDGRID=SG.${x(22)}.${x(43)}`,
    },
    {
      type: 'twilio_key',
      secret: `SK${randomToken(HEX, 32, 30)}`,
      text: (s) => `twilio api key sid ${s}`,
      // Twilio's documentation writes SIDs with X's.
      lookAlike: `twilio account sid AC${'X'.repeat(32)}`,
    },
    {
      type: 'mailchimp_key',
      secret: `${randomToken(HEX, 32, 31)}-us6`,
      text: (s) => `mailchimp api key ${s}`,
      lookAlike: `mailchimp api key ${x(32)}-us6`,
    },
    {
      type: 'discord_token',
      secret: `M${randomToken(ALNUM, 23, 32)}.${randomToken(ALNUM, 6, 33)}.${randomToken(B64URL, 38, 34)}`,
      text: (s) => `client.run('${s}')`,
      lookAlike: `client.run('M${x(23)}.${x(6)}.${x(38)}')`,
    },
    {
      type: 'telegram_bot_token',
      secret: `${randomToken(DIGITS, 9, 35).replace(/^0/, '7')}:AA${randomToken(B64URL, 33, 36)}`,
      text: (s) => `curl https://api.telegram.org/bot${s}/getMe`,
      lookAlike: 'curl https://api.telegram.org/bot<token>/getMe',
    },
    {
      type: 'shopify_token',
      secret: `shpat_${randomToken(HEX, 32, 37)}`,
      text: (s) => `X-Shopify-Access-Token: ${s}`,
      lookAlike: 'X-Shopify-Access-Token: shpat_{access_token}',
    },
    {
      type: 'square_token',
      secret: `EAAA${randomToken(B64URL, 60, 38)}`,
      text: (s) => `square access token ${s}`,
      lookAlike: `square access token EAAA${x(60)}`,
    },
    {
      type: 'digitalocean_token',
      secret: `dop_v1_${randomToken(HEX, 64, 39)}`,
      text: (s) => `doctl auth init -t ${s}`,
      lookAlike: `doctl auth init -t dop_v1_${'0'.repeat(64)}`,
    },
    {
      type: 'databricks_token',
      secret: `dapi${randomToken(HEX, 32, 40)}`,
      text: (s) => `DATABRICKS_TOKEN=${s}`,
      lookAlike: `DATABRICKS_TOKEN=dapi${'0'.repeat(32)}`,
    },
    {
      type: 'vault_token',
      secret: `hvs.${randomToken(B64URL, 90, 41)}`,
      text: (s) => `VAULT_TOKEN=${s} vault kv get secret/app`,
      lookAlike: `VAULT_TOKEN=hvs.${x(24)} vault kv get secret/app`,
    },
    {
      type: 'terraform_token',
      secret: `${randomToken(ALNUM, 14, 42)}.atlasv1.${randomToken(B64URL, 67, 43)}`,
      text: (s) => `credentials "app.terraform.io" { token = "${s}" }`,
      lookAlike: `credentials "app.terraform.io" { token = "${x(14)}.atlasv1.${x(67)}" }`,
    },
    {
      type: 'atlassian_token',
      secret: `ATATT3${randomToken(B64URL, 186, 44)}`,
      text: (s) => `jira api token ${s}`,
      lookAlike: `jira api token ATATT3${x(186)}`,
    },
    {
      type: 'sentry_token',
      secret: `sntrys_${randomToken(ALNUM, 64, 45)}`,
      text: (s) => `SENTRY_AUTH_TOKEN=${s}`,
      lookAlike: `SENTRY_AUTH_TOKEN=sntrys_${x(64)}`,
    },
    {
      type: 'grafana_token',
      secret: `glsa_${randomToken(ALNUM, 32, 46)}_${randomToken(HEX, 8, 47)}`,
      text: (s) => `Authorization header for grafana: ${s}`,
      lookAlike: `grafana service account token glsa_${x(32)}_00000000`,
    },
    {
      type: 'onepassword_token',
      secret: `ops_eyJ${randomToken(B64, 300, 48)}`,
      text: (s) => `OP_SERVICE_ACCOUNT_TOKEN=${s}`,
      lookAlike: 'OP_SERVICE_ACCOUNT_TOKEN=<your-service-account-token>',
    },
    {
      type: 'onepassword_secret_key',
      secret: `A3-${randomToken(UPPER32, 6, 49)}-${randomToken(UPPER32, 11, 50)}-${randomToken(UPPER32, 5, 51)}-${randomToken(UPPER32, 5, 52)}-${randomToken(UPPER32, 5, 53)}`,
      text: (s) => `my 1password secret key is ${s}`,
      lookAlike: 'my 1password secret key is A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX',
    },
    {
      type: 'age_secret_key',
      secret: `AGE-SECRET-KEY-1${randomToken(BECH32, 58, 54)}`,
      text: (s) => `# created: 2026-03-01\n${s}`,
      lookAlike: '# created: 2026-03-01\nAGE-SECRET-KEY-1...',
    },
    {
      type: 'cloudflare_origin_ca_key',
      secret: `v1.0-${randomToken(HEX, 24, 55)}-${randomToken(HEX, 146, 56)}`,
      text: (s) => `origin ca key ${s}`,
      lookAlike: `origin ca key v1.0-${'0'.repeat(24)}-${'0'.repeat(146)}`,
    },
    {
      type: 'facebook_token',
      secret: `EAAG${randomToken(ALNUM, 180, 57)}`,
      text: (s) => `graph api access_token=${s}`,
      lookAlike: `graph api access_token=EAAG${x(180)}`,
    },
    {
      type: 'openshift_token',
      secret: `sha256~${randomToken(B64URL, 43, 58)}`,
      text: (s) => `oc login --token=${s} --server=https://api.ocp.acme.internal:6443`,
      lookAlike: `oc login --token=sha256~${x(43)} --server=https://api.ocp.acme.internal:6443`,
    },
    {
      type: 'notion_token',
      secret: `ntn_${randomToken(DIGITS, 11, 59)}${randomToken(ALNUM, 35, 60)}`,
      text: (s) => `NOTION_TOKEN=${s}`,
      lookAlike: `NOTION_TOKEN=ntn_${x(46)}`,
    },
    {
      type: 'sourcegraph_token',
      secret: `sgp_${randomToken(HEX, 16, 61)}_${randomToken(HEX, 40, 62)}`,
      text: (s) => `SRC_ACCESS_TOKEN=${s}`,
      lookAlike: `SRC_ACCESS_TOKEN=sgp_local_${'0'.repeat(40)}`,
    },
    {
      type: 'flyio_token',
      secret: `fo1_${randomToken(B64URL, 43, 63)}`,
      text: (s) => `FLY_API_TOKEN=${s}`,
      lookAlike: `FLY_API_TOKEN=fo1_${x(43)}`,
    },
    {
      type: 'heroku_key',
      secret: `HRKU-AA${randomToken(B64URL, 58, 64)}`,
      text: (s) => `HEROKU_API_KEY=${s}`,
      lookAlike: `HEROKU_API_KEY=HRKU-AA${x(58)}`,
    },
    {
      type: 'intra42_secret',
      secret: `s-s4t2ud-${randomToken(HEX, 64, 65)}`,
      text: (s) => `42 intra client secret ${s}`,
      lookAlike: `42 intra client secret s-s4t2ud-${'0'.repeat(64)}`,
    },
    {
      type: 'clickhouse_secret',
      secret: `4b1d${randomToken(ALNUM, 38, 66)}`,
      text: (s) => `clickhouse cloud key secret ${s}`,
      lookAlike: `clickhouse cloud key secret 4b1d${x(38)}`,
    },
    {
      type: 'maxmind_license_key',
      secret: `${randomToken(ALNUM, 6, 67)}_${randomToken(ALNUM, 29, 68)}_mmk`,
      text: (s) => `LicenseKey ${s}`,
      lookAlike: `LicenseKey ${x(6)}_${x(29)}_mmk`,
    },
    {
      type: 'jwt',
      secret: jwtOf('{"alg":"HS256","typ":"JWT"}', 69),
      text: (s) => `decode this token: ${s}`,
      // The example token every JWT tutorial copies from jwt.io.
      lookAlike:
        'decode this token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    },
    {
      type: 'connection_string',
      secret: randomToken(ALNUM, 14, 71),
      text: (s) => `postgres://app:${s}@db.internal:5432/prod is slow`,
      lookAlike: 'postgres://user:<password>@localhost/db is slow',
    },
    {
      type: 'url_credentials',
      secret: randomToken(ALNUM, 20, 72),
      text: (s) => `git remote add origin https://deploy:${s}@git.acme.example/app.git`,
      lookAlike: 'git remote add origin https://username:password@git.example.com/app.git',
    },
    {
      type: 'bearer_token',
      secret: randomToken(B64URL, 40, 73),
      text: (s) => `curl -H "Authorization: Bearer ${s}" https://api.acme.example/v1/orders`,
      lookAlike: 'curl -H "Authorization: Bearer YOUR_ACCESS_TOKEN" https://api.acme.example/v1/orders',
    },
    {
      type: 'basic_auth_cli',
      secret: randomToken(ALNUM, 16, 74),
      text: (s) => `curl -u admin:${s} https://jenkins.acme.example/api/json`,
      lookAlike: 'curl -u username:password https://api.example.com',
    },
    {
      type: 'private_key',
      secret: `-----BEGIN RSA PRIVATE KEY-----\n${randomToken(B64, 64, 75)}\n${randomToken(B64, 64, 76)}\n-----END RSA PRIVATE KEY-----`,
      text: (s) => `why does ssh reject this key?\n${s}\nthanks`,
      lookAlike: 'why does ssh reject this key?\n-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
    },
    {
      type: 'generic_secret',
      secret: randomToken(ALNUM, 24, 77),
      text: (s) => `db_password: ${s}`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder is the point of this case
      lookAlike: 'db_password: ${DB_PASSWORD}',
    },
    {
      type: 'high_entropy_secret',
      secret: randomToken(B64, 40, 78),
      text: (s) => `here is the secret we use in prod ${s} keep it safe`,
      lookAlike: 'here is the secret we use in prod: ask the platform team, it is in the vault',
    },
  ];

  it('covers every type the detector reports, once', () => {
    expect(cases.map((c) => c.type).sort()).toEqual([...CREDENTIAL_TYPES].sort());
  });

  for (const c of cases) {
    it(`${c.type} fires with the secret's exact span; its look-alike stays silent`, () => {
      const text = c.text(c.secret);
      const got = credentials(text).filter((f) => f.type === c.type);
      expect(got.length).toBe(1);
      expect(text.slice(got[0]!.start, got[0]!.end)).toBe(c.secret);
      expect(JSON.stringify(got)).not.toContain(c.secret);
      expect(credentials(c.lookAlike), c.lookAlike).toEqual([]);
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
