import { findingModel } from './finding-model.js';

export default findingModel({
  name: 'AI / Prompt / Personal Data in Prompt',
  description:
    'A prompt carries personal data (email, phone, payment card, IBAN, national identifiers, addresses, dates of birth) that leaves the organisation with it.',
  category: 'personal_data',
  noun: 'personal data',
  mitre: ['T1567'],
  severity: 45,
  falsePositives: [
    'Support and HR staff who handle customer or employee records as their job (scored lower when routine)',
  ],
});
