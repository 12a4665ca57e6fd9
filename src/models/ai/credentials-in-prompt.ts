import { findingModel } from './finding-model.js';

export default findingModel({
  name: 'AI / Prompt / Credentials in Prompt',
  description:
    'A prompt carries a secret: a cloud or SaaS key or token, a private key, a JWT, a connection string or a high-entropy secret.',
  category: 'credential',
  noun: 'credentials',
  mitre: ['T1552.001', 'T1567'],
  severity: 65,
  falsePositives: ['Developers pasting configuration with test or already-revoked keys'],
});
