import { findingModel } from './finding-model.js';

export default findingModel({
  name: 'AI / Prompt / Prompt Injection Attempt',
  description:
    'A prompt tries to override the instructions of the AI application or the agent (ignore previous instructions, hidden or encoded instructions, invisible Unicode).',
  category: 'prompt_injection',
  noun: 'prompt injection',
  mitre: ['T1059'],
  severity: 60,
  falsePositives: [
    'Security staff testing their own AI applications',
    'Prompts that quote an injection to ask about it',
  ],
});
