import { findingModel } from './finding-model.js';

export default findingModel({
  name: 'AI / Prompt / Policy Violation',
  description:
    'A prompt asks for something the AI use policy forbids (malware development, credential theft, data exfiltration, ...).',
  category: 'policy',
  noun: 'a policy topic',
  mitre: ['T1588', 'T1567'],
  severity: 55,
  falsePositives: ['Security teams researching attacks as their job'],
});
