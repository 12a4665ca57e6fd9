/**
 * Trains the DGA character model on a real corpus of benign domain names and writes
 * data/dga/weights.json. Run: `npx tsx scripts/train-dga.ts`.
 *
 * Corpus: the `email-providers` npm package (ISC licence, devDependency), `all.json`: 8,760
 * registrable domains of real mail providers worldwide. Each domain's label left of its public
 * suffix is one training name.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getDomainWithoutSuffix } from 'tldts';
import { trainDga } from '../src/enrich/domain/dga-train.js';

const require = createRequire(import.meta.url);
const corpusPath = require.resolve('email-providers/all.json');
const version = (
  JSON.parse(readFileSync(require.resolve('email-providers/package.json'), 'utf8')) as { version: string }
).version;
const domains = JSON.parse(readFileSync(corpusPath, 'utf8')) as string[];
const labels = new Set<string>();
for (const d of domains) {
  const label = getDomainWithoutSuffix(d);
  if (label) labels.add(label.toLowerCase());
}
const weights = trainDga(labels, `email-providers@${version} all.json (ISC)`);
const out = new URL('../data/dga/weights.json', import.meta.url);
writeFileSync(out, JSON.stringify(weights) + '\n');
console.log(`trained on ${weights.names} names; calibration ${JSON.stringify(weights.calibration)}`);
