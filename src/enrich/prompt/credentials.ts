import { documentationKeySpans, isFiller, looksLikePlaceholder, shannonEntropy } from './entropy.js';
import type { PromptFinding } from './finding.js';
import { isWordCode } from './span-context.js';

/**
 * Credentials: cloud and SaaS keys and tokens by the shapes their vendors document (fixed prefixes,
 * lengths and alphabets), private key blocks, JWTs, connection strings and URL credentials, and
 * high-entropy values assigned to secret-like names. Placeholders and documentation examples
 * (AKIAIOSFODNN7EXAMPLE) are refused, so a tutorial pasted into a prompt stays silent.
 */

interface CredentialShape {
  type: string;
  /** Global regex; when `group` is set, that capture is the secret and its span is reported. */
  re: RegExp;
  /** Lower-case literals of which the text must contain one before the regex is worth running. */
  needles?: readonly string[];
  group?: number;
  confidence: number;
  /** Minimum bits per character of the secret; vendor prefixes make most shapes specific enough without it. */
  minEntropy?: number;
  detail: string;
}

const SHAPES: CredentialShape[] = [
  {
    type: 'aws_access_key',
    re: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g,
    needles: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    confidence: 0.95,
    minEntropy: 3,
    detail: 'AWS access key id',
  },
  {
    type: 'aws_secret_key',
    re: /\baws_?(?:secret)?_?(?:access)?_?key(?:_id)?["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    needles: ['aws'],
    group: 1,
    confidence: 0.95,
    minEntropy: 4,
    detail: 'AWS secret access key assignment',
  },
  {
    type: 'aws_bedrock_key',
    re: /\bABSK[A-Za-z0-9+/]{109,269}={0,2}/g,
    needles: ['absk'],
    confidence: 0.9,
    detail: 'Amazon Bedrock API key',
  },
  {
    type: 'github_token',
    re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/g,
    needles: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    confidence: 0.97,
    minEntropy: 3,
    detail: 'GitHub token',
  },
  {
    type: 'github_token',
    re: /\bgithub_pat_[A-Za-z0-9_]{82}\b/g,
    needles: ['github_pat_'],
    confidence: 0.97,
    minEntropy: 3,
    detail: 'GitHub fine-grained PAT',
  },
  {
    type: 'gitlab_token',
    re: /\b(?:(?:glpat|gldt|glrt|glsoat|glft|glcbt)-[A-Za-z0-9_-]{20}|glpat-[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}[0-9a-z]{7}|glptt-[0-9a-f]{40}|glimt-[A-Za-z0-9_-]{25}|glagent-[A-Za-z0-9_-]{50})(?![A-Za-z0-9_-])/g,
    needles: ['glpat-', 'gldt-', 'glrt-', 'glsoat-', 'glft-', 'glcbt-', 'glptt-', 'glimt-', 'glagent-'],
    confidence: 0.95,
    minEntropy: 3,
    detail: 'GitLab token',
  },
  {
    type: 'slack_token',
    re: /\bxox[abprs]-(?:\d-)?\d{8,}-[A-Za-z0-9-]{10,}(?![A-Za-z0-9#*-])/g,
    needles: ['xox'],
    confidence: 0.95,
    minEntropy: 3,
    detail: 'Slack token',
  },
  {
    type: 'slack_token',
    re: /\bxoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{40,}/g,
    needles: ['xoxe'],
    confidence: 0.95,
    detail: 'Slack configuration token',
  },
  {
    type: 'slack_token',
    re: /\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]{32,}/g,
    needles: ['xapp-'],
    confidence: 0.95,
    detail: 'Slack app token',
  },
  {
    type: 'slack_webhook',
    re: /\bhttps?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,}/g,
    needles: ['hooks.slack.com'],
    confidence: 0.95,
    detail: 'Slack incoming webhook',
  },
  {
    type: 'stripe_key',
    re: /\b(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,99}\b/g,
    needles: ['sk_', 'rk_'],
    confidence: 0.95,
    minEntropy: 3,
    detail: 'Stripe secret key',
  },
  {
    type: 'google_api_key',
    re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    needles: ['aiza'],
    confidence: 0.9,
    minEntropy: 3.5,
    detail: 'Google API key',
  },
  {
    type: 'google_oauth_secret',
    re: /\bGOCSPX-[A-Za-z0-9_-]{28}\b/g,
    needles: ['gocspx-'],
    confidence: 0.95,
    detail: 'Google OAuth client secret',
  },
  {
    type: 'gcp_service_account',
    re: /"type"\s*:\s*"service_account"/g,
    needles: ['service_account'],
    confidence: 0.7,
    detail: 'GCP service account key file',
  },
  {
    type: 'azure_client_secret',
    re: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    needles: ['q~'],
    confidence: 0.9,
    minEntropy: 3.5,
    detail: 'Entra ID (Azure AD) client secret',
  },
  {
    type: 'azure_storage_key',
    re: /\bAccountKey=([A-Za-z0-9+/]{86}==)/g,
    needles: ['accountkey='],
    group: 1,
    confidence: 0.95,
    detail: 'Azure storage account key',
  },
  {
    type: 'azure_sas_token',
    re: /[?&]sig=[A-Za-z0-9%+/]{30,}={0,2}/g,
    needles: ['sig='],
    confidence: 0.85,
    detail: 'Azure shared access signature',
  },
  {
    type: 'openai_api_key',
    re: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}/g,
    needles: ['t3blbkfj'],
    confidence: 0.98,
    detail: 'OpenAI API key',
  },
  {
    type: 'openai_api_key',
    re: /\bsk-[A-Za-z0-9]{48}\b/g,
    needles: ['sk-'],
    confidence: 0.85,
    minEntropy: 4,
    detail: 'OpenAI legacy API key',
  },
  {
    type: 'anthropic_api_key',
    re: /\bsk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA\b/g,
    needles: ['sk-ant-'],
    confidence: 0.97,
    detail: 'Anthropic API key',
  },
  {
    type: 'huggingface_token',
    re: /\b(?:hf_[A-Za-z]{34}|api_org_[A-Za-z]{34})\b/g,
    needles: ['hf_', 'api_org_'],
    confidence: 0.9,
    minEntropy: 3.8,
    detail: 'Hugging Face token',
  },
  {
    type: 'perplexity_api_key',
    re: /\bpplx-[A-Za-z0-9]{48}\b/g,
    needles: ['pplx-'],
    confidence: 0.95,
    minEntropy: 3,
    detail: 'Perplexity API key',
  },
  {
    type: 'npm_token',
    re: /\bnpm_[A-Za-z0-9]{36}\b/g,
    needles: ['npm_'],
    confidence: 0.95,
    minEntropy: 3,
    detail: 'npm access token',
  },
  {
    type: 'pypi_token',
    re: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{70,}/g,
    needles: ['pypi-'],
    confidence: 0.97,
    detail: 'PyPI upload token',
  },
  {
    type: 'sendgrid_key',
    re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g,
    needles: ['sg.'],
    confidence: 0.97,
    detail: 'SendGrid API key',
  },
  {
    type: 'twilio_key',
    re: /\b(?:SK|AC)[0-9a-fA-F]{32}\b/g,
    confidence: 0.8,
    minEntropy: 3,
    detail: 'Twilio key or account SID',
  },
  {
    type: 'mailchimp_key',
    re: /\b[0-9a-f]{32}-us\d{1,2}\b/g,
    needles: ['-us'],
    confidence: 0.85,
    minEntropy: 3,
    detail: 'Mailchimp API key',
  },
  {
    type: 'discord_token',
    re: /\b[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,38}\b/g,
    confidence: 0.85,
    minEntropy: 4,
    detail: 'Discord bot token',
  },
  {
    type: 'telegram_bot_token',
    // Also inside the bot API URL (`.../bot<token>/getMe`), where no word boundary precedes it.
    re: /(?<![0-9])\d{8,10}:AA[0-9A-Za-z_-]{33}(?![0-9A-Za-z_-])/g,
    needles: [':aa'],
    confidence: 0.9,
    detail: 'Telegram bot token',
  },
  {
    type: 'shopify_token',
    re: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g,
    needles: ['shp'],
    confidence: 0.95,
    detail: 'Shopify token',
  },
  {
    type: 'square_token',
    re: /\b(?:sq0atp|sq0csp|EAAA)[0-9A-Za-z_-]{22,60}\b/g,
    needles: ['sq0', 'eaaa'],
    confidence: 0.85,
    minEntropy: 3,
    detail: 'Square token',
  },
  {
    type: 'digitalocean_token',
    re: /\bdo[opr]_v1_[a-f0-9]{64}\b/g,
    needles: ['_v1_'],
    confidence: 0.95,
    detail: 'DigitalOcean token',
  },
  {
    type: 'databricks_token',
    re: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g,
    needles: ['dapi'],
    confidence: 0.9,
    minEntropy: 3,
    detail: 'Databricks token',
  },
  {
    type: 'vault_token',
    re: /\bhv[sb]\.[A-Za-z0-9_-]{24,}/g,
    needles: ['hvs.', 'hvb.'],
    confidence: 0.9,
    minEntropy: 3.5,
    detail: 'HashiCorp Vault token',
  },
  {
    type: 'terraform_token',
    re: /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}\b/g,
    needles: ['.atlasv1.'],
    confidence: 0.9,
    minEntropy: 3.5,
    detail: 'Terraform Cloud token',
  },
  {
    type: 'atlassian_token',
    re: /\bATATT3[A-Za-z0-9_\-=]{186}\b/g,
    needles: ['atatt3'],
    confidence: 0.95,
    detail: 'Atlassian API token',
  },
  {
    type: 'sentry_token',
    re: /\bsntry[su]_[A-Za-z0-9+/=_]{40,}/g,
    needles: ['sntr'],
    confidence: 0.9,
    detail: 'Sentry token',
  },
  {
    type: 'grafana_token',
    re: /\b(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})/g,
    needles: ['glc_', 'glsa_'],
    confidence: 0.9,
    minEntropy: 3.5,
    detail: 'Grafana token',
  },
  {
    type: 'onepassword_token',
    re: /\bops_eyJ[A-Za-z0-9+/]{250,}={0,3}/g,
    needles: ['ops_eyj'],
    confidence: 0.95,
    detail: '1Password service account token',
  },
  {
    type: 'onepassword_secret_key',
    re: /\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b/g,
    needles: ['a3-'],
    confidence: 0.9,
    minEntropy: 3,
    detail: '1Password secret key',
  },
  {
    type: 'age_secret_key',
    re: /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/g,
    needles: ['age-secret-key-1'],
    confidence: 0.97,
    detail: 'age encryption key',
  },
  {
    type: 'cloudflare_origin_ca_key',
    re: /\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b/g,
    needles: ['v1.0-'],
    confidence: 0.95,
    detail: 'Cloudflare Origin CA key',
  },
  {
    type: 'facebook_token',
    re: /\bEAA[A-Za-z0-9]{100,}/g,
    needles: ['eaa'],
    confidence: 0.85,
    minEntropy: 4,
    detail: 'Facebook access token',
  },
  {
    type: 'openshift_token',
    re: /\bsha256~[A-Za-z0-9_-]{43}\b/g,
    needles: ['sha256~'],
    confidence: 0.9,
    minEntropy: 3.5,
    detail: 'OpenShift user token',
  },
  {
    type: 'notion_token',
    re: /\bntn_\d{11}[A-Za-z\d]{32}[A-Za-z\d]{3}\b/g,
    needles: ['ntn_'],
    confidence: 0.9,
    detail: 'Notion API token',
  },
  {
    type: 'sourcegraph_token',
    re: /\bsgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}\b/g,
    needles: ['sgp_'],
    confidence: 0.9,
    minEntropy: 3,
    detail: 'Sourcegraph token',
  },
  {
    type: 'facebook_token',
    re: /\b\d{15,16}\|[A-Za-z0-9_-]{27}\b/g,
    needles: ['|'],
    confidence: 0.8,
    minEntropy: 3.5,
    detail: 'Facebook app access token',
  },
  {
    type: 'flyio_token',
    re: /\b(?:fo1_[A-Za-z0-9_-]{43}|FlyV1 fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3})/g,
    needles: ['fo1_', 'flyv1'],
    confidence: 0.9,
    minEntropy: 3.5,
    detail: 'Fly.io token',
  },
  {
    type: 'heroku_key',
    re: /\bHRKU-AA[A-Za-z0-9_-]{58}/g,
    needles: ['hrku-'],
    confidence: 0.9,
    detail: 'Heroku API key',
  },
  {
    type: 'intra42_secret',
    re: /\bs-s4t2(?:ud|af)-[a-f0-9]{64}\b/g,
    needles: ['s-s4t2'],
    confidence: 0.9,
    detail: '42 Intra client secret',
  },
  {
    type: 'clickhouse_secret',
    re: /\b4b1d[A-Za-z0-9]{38}\b/g,
    needles: ['4b1d'],
    confidence: 0.85,
    minEntropy: 4,
    detail: 'ClickHouse Cloud API secret',
  },
  {
    type: 'maxmind_license_key',
    re: /\b[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk\b/g,
    needles: ['_mmk'],
    confidence: 0.9,
    detail: 'MaxMind license key',
  },
  {
    type: 'aws_bedrock_key',
    re: /\bbedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%&?-]*/g,
    needles: ['bedrock-api-key-'],
    confidence: 0.9,
    detail: 'Amazon Bedrock short-term API key',
  },
  {
    type: 'jwt',
    re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,}/g,
    needles: ['eyj'],
    confidence: 0.9,
    detail: 'JSON Web Token',
  },
  {
    type: 'connection_string',
    re: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|jdbc:[a-z]+|ftps?|sftp|ldaps?|smtps?|kafka|clickhouse|snowflake):\/\/[^\s:/@"']+:([^\s@/"']+)@[^\s/"']+/gi,
    needles: ['://'],
    group: 1,
    confidence: 0.95,
    detail: 'database or service URL with a password',
  },
  {
    type: 'connection_string',
    re: /\b(?:Server|Data Source|Host)=[^;\n]+;[^\n]*?\b(?:Password|Pwd)=([^;\s"']+)/gi,
    needles: ['password=', 'pwd='],
    group: 1,
    confidence: 0.95,
    detail: 'ADO.NET / ODBC connection string with a password',
  },
  {
    type: 'url_credentials',
    re: /\bhttps?:\/\/[^\s:/@"'<>]+:([^\s@/"'<>]{3,})@[A-Za-z0-9.-]+/g,
    needles: ['@'],
    group: 1,
    confidence: 0.85,
    detail: 'URL with user:password',
  },
  {
    type: 'bearer_token',
    re: /\bAuthorization:?\s*["']?\s*(?:(?:Bearer|Basic|token|Api-Token|Digest)\s+)?([A-Za-z0-9._~+/=-]{16,})/gi,
    needles: ['authorization'],
    group: 1,
    confidence: 0.85,
    minEntropy: 3,
    detail: 'HTTP Authorization header',
  },
  {
    type: 'basic_auth_cli',
    re: /\bcurl\b[\s\S]{0,300}?\s(?:-u|--user)[ =]+["']?[^\s:"']*["']?:["']?([^\s"']{4,})/g,
    needles: ['curl'],
    group: 1,
    confidence: 0.8,
    detail: 'curl user:password',
  },
];

/** Secret-like names followed by an assignment; the value is judged by entropy, not by shape. */
const ASSIGNED_SECRET =
  /\b([A-Za-z0-9_.-]{0,40}?(?:password|passwd|pwd|passphrase|secret|token|api[_.-]?key|apikey|access[_.-]?key|auth[_.-]?key|private[_.-]?key|client[_.-]?secret|credentials?|license[_.-]?key|signing[_.-]?key|accessid|access[_.-]?id)[A-Za-z0-9_.-]{0,20})\b["'>]?(?:\s+string)?\s*(?:[:.?]{0,3}=|=>|:|\bis\b|\bto\b|["']?,|(?<=>))\s*["'`]?([^\s"'`,;)}\]<]{8,})/gi;
/** Names that hold an identifier, a file or a public value, not the secret itself (credentialsId, publicToken, csrf-token). */
const NOT_A_SECRET_NAME =
  /(?:id|name|names|url|uri|file|path|length|len|type|variable|field|header|endpoint|count|expires?(?:_at)?)$|^(?:public|csrf|xsrf)/i;
/** Names that hold passwords, which may be short; tokens and keys are long. */
const PASSWORD_NAME = /pass|pwd/i;
/** Words that make a nearby high-entropy string a secret even without an assignment. */
const SECRET_WORD = /\b(?:password|passwd|secret|token|api ?key|credential|private key|access key|bearer)s?\b/i;
const HIGH_ENTROPY_TOKEN = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{24,}(?![A-Za-z0-9+/_=-])/g;

function overlaps(out: PromptFinding[], from: number, start: number, end: number): boolean {
  for (let i = from; i < out.length; i++) {
    const f = out[i]!;
    if (f.start < end && start < f.end) return true;
  }
  return false;
}

function charClasses(s: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
  }
  return lower + upper + digit;
}

/** Gates the entropy-based passes: without one of these words there is no secret-like name or word. */
const SECRET_KEYWORDS = /pass|pwd|secret|token|key|credential|bearer|access/i;

function containsAny(lower: string, needles: readonly string[]): boolean {
  for (const n of needles) if (lower.includes(n)) return true;
  return false;
}

export function detectCredentials(text: string, out: PromptFinding[]): void {
  const base = out.length;
  const lower = text.toLowerCase();
  for (const shape of SHAPES) {
    if (shape.needles && !containsAny(lower, shape.needles)) continue;
    const re = shape.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const secret = shape.group !== undefined ? m[shape.group] : m[0];
      if (secret === undefined) continue;
      const start = shape.group !== undefined ? m.index + m[0].lastIndexOf(secret) : m.index;
      const end = start + secret.length;
      if (shape.type !== 'gcp_service_account' && isFiller(secret)) continue;
      if (shape.group !== undefined && looksLikePlaceholder(secret)) continue;
      if (shape.type === 'jwt' && !jwtHeaderValid(secret)) continue;
      if (shape.type === 'gcp_service_account' && !SERVICE_ACCOUNT_KEY.test(text)) continue;
      if (shape.minEntropy !== undefined && shannonEntropy(secret) < shape.minEntropy) continue;
      if (overlaps(out, base, start, end)) continue;
      out.push({
        category: 'credential',
        type: shape.type,
        start,
        end,
        confidence: shape.confidence,
        detail: shape.detail,
      });
    }
  }
  if (lower.includes('private key')) detectPrivateKeys(text, out, base);
  if (!SECRET_KEYWORDS.test(text)) return;
  const documented = documentationKeySpans(text);
  detectAssignedSecrets(text, out, base, documented);
  detectHighEntropyNearSecretWords(text, out, base, documented);
}

function inside(spans: readonly [number, number][], start: number, end: number): boolean {
  for (const [s, e] of spans) if (s < end && start < e) return true;
  return false;
}

/**
 * A service account key file carries its key: a `private_key` with key material, not the
 * documentation's `-----BEGIN PRIVATE KEY-----\nPRIVATE_KEY\n-----END...` stand-in.
 */
const SERVICE_ACCOUNT_KEY = /"private_key"\s*:\s*"-----BEGIN PRIVATE KEY-----(?:\\n|\s)+[A-Za-z0-9+/=]{64}/;

/** Every finding type the credential detector reports. */
export const CREDENTIAL_TYPES: readonly string[] = [
  ...new Set([...SHAPES.map((s) => s.type), 'private_key', 'generic_secret', 'high_entropy_secret']),
];

/** The first segment of a JWT must decode to a JSON object naming an algorithm or type. */
function jwtHeaderValid(token: string): boolean {
  const header = token.slice(0, token.indexOf('.'));
  try {
    const decoded = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
    return typeof decoded === 'object' && decoded !== null && ('alg' in decoded || 'typ' in decoded);
  } catch {
    return false;
  }
}

const PRIVATE_KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
const PRIVATE_KEY_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/y;
/** A PEM body longer than this is not one key; the header alone is reported. */
const MAX_KEY_BLOCK = 16_384;

/**
 * PEM and PGP private key blocks, from BEGIN to its END line. The END is found with one forward
 * search shared by all BEGIN lines, so a prompt full of headers and no END costs one pass, not one
 * pass per header.
 */
function detectPrivateKeys(text: string, out: PromptFinding[], base: number): void {
  let nextEnd = -2;
  PRIVATE_KEY_BEGIN.lastIndex = 0;
  for (let m = PRIVATE_KEY_BEGIN.exec(text); m !== null; m = PRIVATE_KEY_BEGIN.exec(text)) {
    const start = m.index;
    let end = start + m[0].length;
    if (nextEnd !== -1 && nextEnd < end) nextEnd = text.indexOf('-----END ', end);
    if (nextEnd !== -1 && nextEnd - end <= MAX_KEY_BLOCK) {
      PRIVATE_KEY_END.lastIndex = nextEnd;
      const e = PRIVATE_KEY_END.exec(text);
      if (e) end = nextEnd + e[0].length;
    }
    PRIVATE_KEY_BEGIN.lastIndex = end;
    if (isPlaceholderKeyBlock(text.slice(start, end)) || overlaps(out, base, start, end)) continue;
    out.push({
      category: 'credential',
      type: 'private_key',
      start,
      end,
      confidence: 0.97,
      detail: 'PEM/PGP private key block',
    });
  }
}

/** A key block whose body is a few words ("anything", "...") is an example, not a key. */
function isPlaceholderKeyBlock(block: string): boolean {
  const body = block.replace(/-----[A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  if (!block.includes('-----END')) return false;
  return body.length < 40 || looksLikePlaceholder(body);
}

function detectAssignedSecrets(
  text: string,
  out: PromptFinding[],
  base: number,
  documented: readonly [number, number][],
): void {
  ASSIGNED_SECRET.lastIndex = 0;
  for (let m = ASSIGNED_SECRET.exec(text); m !== null; m = ASSIGNED_SECRET.exec(text)) {
    const name = m[1]!;
    const value = m[2]!;
    if (NOT_A_SECRET_NAME.test(name)) continue;
    if (!PASSWORD_NAME.test(name) && value.length < 16) continue;
    const start = m.index + m[0].length - value.length;
    const end = start + value.length;
    if (overlaps(out, base, start, end) || inside(documented, start, end) || looksLikePlaceholder(value)) continue;
    if (/^(?:true|false|null|none|undefined|required|optional|string|env|process\.env\S*|os\.environ\S*)$/i.test(value))
      continue;
    // a value made of letters only is a word or identifier ("password is incorrect"), not a secret
    const classes = charClasses(value);
    const entropy = shannonEntropy(value);
    if (classes < 2 || entropy < 2.8) continue;
    if (/^[A-Za-z_][A-Za-z0-9_]*\(|^[a-z]+(?:\.[a-z]+)+$/.test(value)) continue;
    const confidence = Math.min(0.9, 0.5 + (entropy - 2.8) * 0.25 + (classes === 3 ? 0.1 : 0));
    out.push({
      category: 'credential',
      type: 'generic_secret',
      start,
      end,
      confidence,
      detail: 'high-entropy value assigned to a secret-like name',
    });
  }
}

function detectHighEntropyNearSecretWords(
  text: string,
  out: PromptFinding[],
  base: number,
  documented: readonly [number, number][],
): void {
  HIGH_ENTROPY_TOKEN.lastIndex = 0;
  for (let m = HIGH_ENTROPY_TOKEN.exec(text); m !== null; m = HIGH_ENTROPY_TOKEN.exec(text)) {
    const s = m[0];
    const start = m.index;
    const end = start + s.length;
    if (start > 0 && isWordCode(text.charCodeAt(start - 1))) continue;
    if (overlaps(out, base, start, end) || inside(documented, start, end) || looksLikePlaceholder(s)) continue;
    const hex = /^[0-9a-fA-F]+$/.test(s);
    const entropy = shannonEntropy(s);
    if (entropy < (hex ? 3.3 : 4.2) || charClasses(s) < 2) continue;
    const window = text.slice(Math.max(0, start - 60), start);
    if (!SECRET_WORD.test(window)) continue;
    out.push({
      category: 'credential',
      type: 'high_entropy_secret',
      start,
      end,
      confidence: 0.7,
      detail: `entropy ${entropy.toFixed(1)} bits/char near a secret-like word`,
    });
  }
}
