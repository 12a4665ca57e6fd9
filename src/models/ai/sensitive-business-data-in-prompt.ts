import { findingModel } from './finding-model.js';

export default findingModel({
  name: 'AI / Prompt / Sensitive Business Data in Prompt',
  description:
    'A prompt carries classified material, source code, financial or customer records, or words of a configured dictionary.',
  category: 'sensitive_business',
  noun: 'sensitive business data',
  mitre: ['T1567'],
  severity: 45,
  falsePositives: ['Approved internal AI tools used on internal documents by the teams that own them'],
});
