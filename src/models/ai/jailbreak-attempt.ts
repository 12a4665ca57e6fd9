import { findingModel } from './finding-model.js';

export default findingModel({
  name: 'AI / Prompt / Jailbreak Attempt',
  description:
    "A prompt tries to talk the model out of its safety rules (role-play frames, 'developer mode', hypothetical wrappers).",
  category: 'jailbreak',
  noun: 'a jailbreak attempt',
  mitre: ['T1059'],
  severity: 55,
  falsePositives: ['Red-team exercises', 'Creative writing with role-play'],
});
