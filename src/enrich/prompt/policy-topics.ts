import type { PromptFinding } from './finding.js';
import { compilePhrases } from './phrase-pattern.js';

/**
 * Policy categories: topics an organisation does not want its AI tools used for, each described
 * by example phrases in plain language. The defaults cover the abuse that matters to a security
 * team; operators replace or extend them in configuration.
 */

export interface PolicyTopic {
  /** Reported as the finding type, e.g. `malware_development`. */
  id: string;
  /** Example phrases; each word matches as a word prefix, with up to three filler words between words. */
  phrases: string[];
  confidence?: number;
}

export const DEFAULT_POLICY_TOPICS: readonly PolicyTopic[] = [
  {
    id: 'malware_development',
    phrases: [
      'write ransomware',
      'create ransomware',
      'build ransomware',
      'code ransomware',
      'write malware',
      'create malware',
      'develop malware',
      'build malware',
      'write a keylogger',
      'create a keylogger',
      'build a keylogger',
      'write a virus',
      'create a virus',
      'write a trojan',
      'build a botnet',
      'create a botnet',
      'write a rootkit',
      'self-propagating worm',
      'undetectable by antivirus',
      'evade antivirus',
      'bypass antivirus',
      'evade EDR',
      'bypass EDR',
      'bypass Windows Defender',
      'disable Windows Defender',
      'reverse shell payload',
      'obfuscate the payload',
      'encrypt all files and demand',
      'shellcode loader',
      'process injection into',
      'write an exploit for',
      'zero-day exploit',
      'disable antivirus',
      'cryptojacking',
      'hijack computer to mine',
    ],
    confidence: 0.8,
  },
  {
    id: 'credential_theft',
    phrases: [
      'steal passwords',
      'steal credentials',
      'steal cookies',
      'steal session tokens',
      'harvest credentials',
      'phishing page',
      'phishing email that',
      'phishing kit',
      'fake login page',
      'dump lsass',
      'dump password hashes',
      'dump credentials',
      'mimikatz',
      'crack passwords',
      'crack password hashes',
      'clone credit cards',
      'clone debit cards',
      'bypass MFA',
      'bypass 2FA',
      'bypass multi-factor',
      'list all passwords',
      'list passwords',
      'show me passwords',
      'find passwords',
      'find credentials',
      'extract passwords',
      'extract credentials',
      'extract saved passwords',
      'session hijacking',
      'get into someone account',
      'hack into account',
    ],
    confidence: 0.8,
  },
  {
    id: 'data_exfiltration',
    phrases: [
      'exfiltrate',
      'exfiltration of',
      'send all files to',
      'send the database to',
      'upload all files to',
      'copy all customer data',
      'copy the customer database',
      'download all files',
      'download the entire',
      'export all customer',
      'export all employee',
      'all finance files',
      'all financial files',
      'all HR files',
      'all payroll',
      'every customer record',
      'forward all emails to',
      'to my personal email',
      'to my personal drive',
      'to my personal Dropbox',
      'to a personal account',
      'without being detected',
      'without leaving a trace',
      'avoid DLP',
      'bypass DLP',
      'steal data',
      'steal records',
      'steal confidential information',
      'steal private information',
    ],
    confidence: 0.7,
  },
  {
    id: 'unauthorised_access',
    phrases: [
      'hack into',
      'break into the network',
      'gain unauthorized access',
      'gain unauthorised access',
      'get unauthorized access',
      'bypass authentication',
      'gain sudo access to a server',
      'brute force the login',
    ],
    confidence: 0.75,
  },
  {
    id: 'security_control_evasion',
    phrases: [
      'disable logging',
      'delete the audit logs',
      'clear the event logs',
      'clear event logs',
      'wipe the logs',
      'turn off auditing',
      'disable the firewall',
      'disable endpoint protection',
      'hide my activity',
      'cover my tracks',
      'escalate privileges',
      'privilege escalation',
      'gain admin rights',
    ],
    confidence: 0.7,
  },
];

const compiledTopics = new WeakMap<readonly PolicyTopic[], RegExp[]>();

function topicPatterns(topics: readonly PolicyTopic[]): RegExp[] {
  let compiled = compiledTopics.get(topics);
  if (!compiled) {
    compiled = topics.map((t) => compilePhrases(t.phrases));
    compiledTopics.set(topics, compiled);
  }
  return compiled;
}

export function detectPolicyTopics(
  text: string,
  out: PromptFinding[],
  topics: readonly PolicyTopic[] = DEFAULT_POLICY_TOPICS,
): void {
  const patterns = topicPatterns(topics);
  for (let i = 0; i < patterns.length; i++) {
    const re = patterns[i]!;
    const topic = topics[i]!;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      out.push({
        category: 'policy',
        type: topic.id,
        start: m.index,
        end: m.index + m[0].length,
        confidence: topic.confidence ?? 0.7,
        detail: `matches an example phrase of topic ${topic.id}`,
      });
    }
  }
}
