import { findingModel } from './finding-model.js';

export default findingModel({
  name: 'AI / Prompt / Personal Data in Prompt',
  description:
    'A prompt carries personal data (email, phone, payment card, IBAN, national identifiers, addresses, dates of birth) that leaves the organisation with it.',
  category: 'personal_data',
  noun: 'personal data',
  mitre: ['T1567'],
  severity: 45,
  typeWeights: {
    // Regulated identifiers weigh fully (payment_card, iban, national identifiers); contact
    // details and dates of birth less; a name or an address of a machine least.
    email: 0.85,
    phone: 0.85,
    postal_address: 0.85,
    date_of_birth: 0.85,
    person_name: 0.7,
    ip_address: 0.7,
  },
  falsePositives: [
    'Support and HR staff who handle customer or employee records as their job (scored lower when routine)',
  ],
});
