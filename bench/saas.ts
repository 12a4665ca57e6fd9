/**
 * Microsoft 365 / Entra ID: (1) decoding unified audit log JSON lines to canonical events, against
 * JSON.parse of the same lines alone (the least any decoder must do); (2) the identity pattern of
 * life plus every SaaS model over a month of ordinary activity for 400 people, against the
 * pattern of life alone (learning without judging). Both baselines measured in the same run.
 */
import { DEFAULT_BASELINE_OPTIONS } from '../src/baseline/component.js';
import { Baselines } from '../src/baseline/index.js';
import { Detector } from '../src/engine/detector.js';
import type { Event } from '../src/events/event.js';
import type { Breach } from '../src/models/breach.js';
import { benignDays, organisation } from '../src/models/saas/events.suite.js';
import { SAAS_MODELS } from '../src/models/saas/index.js';
import { m365UalJson } from '../src/sources/m365/decoders.js';

function ualLines(n: number): string[] {
  const ops = [
    (i: number) => ({
      Operation: 'UserLoggedIn',
      Workload: 'AzureActiveDirectory',
      RecordType: 15,
      ResultStatus: 'Success',
      ExtendedProperties: [
        { Name: 'UserAgent', Value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/122' },
        { Name: 'RequestType', Value: 'Login:login' },
      ],
      ApplicationId: `app-${i % 7}`,
    }),
    (i: number) => ({
      Operation: 'MailItemsAccessed',
      Workload: 'Exchange',
      RecordType: 50,
      OperationCount: 1 + (i % 40),
    }),
    (i: number) => ({
      Operation: 'Send',
      Workload: 'Exchange',
      RecordType: 2,
      Item: { Subject: `Re: order ${i}`, Attachments: 'order.pdf (23123b)' },
    }),
    (i: number) => ({
      operation: 'New-InboxRule',
      workload: 'Exchange',
      recordtype: 1,
      parameters: [
        { Name: 'Name', Value: `Rule ${i}` },
        { Name: 'MoveToFolder', Value: 'Projects' },
        { Name: 'From', Value: 'boss@contoso.com' },
      ],
    }),
    () => ({
      Operation: 'FileAccessed',
      Workload: 'SharePoint',
      RecordType: 6,
      ObjectId: 'https://contoso.sharepoint.com/sites/x/doc.docx',
    }),
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = new Date(Date.UTC(2026, 2, 2) + i * 1000).toISOString().slice(0, 19);
    out.push(
      JSON.stringify({
        CreationTime: t,
        Id: `id-${i}`,
        OrganizationId: 'tenant',
        UserId: `User${i % 400}@Contoso.com`,
        ClientIP: `81.2.${i % 250}.${i % 200}:5123`,
        ...ops[i % ops.length]!(i),
      }),
    );
  }
  return out;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export async function run(): Promise<string> {
  const lines = ualLines(200_000);
  let parsed = 0;
  const parseOnly = time(() => {
    for (const l of lines) if (JSON.parse(l) !== null) parsed++;
  });
  let events = 0;
  const decode = time(() => {
    const d = m365UalJson.open('bench.jsonl', { event: () => events++, reject: () => {}, skip: () => {} });
    for (let i = 0; i < lines.length; i++) d.line(lines[i]!, i + 1);
    d.end();
  });

  const stream: Event[] = benignDays(organisation(400), 30);
  const learnOnly = time(() => {
    const b = new Baselines(DEFAULT_BASELINE_OPTIONS);
    for (const e of stream) b.observe(e);
  });
  const breaches: Breach[] = [];
  const judged = time(() => {
    const d = new Detector({ models: SAAS_MODELS, baselines: new Baselines(DEFAULT_BASELINE_OPTIONS) });
    for (const e of stream) d.process(e, breaches);
  });
  const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-GB')}/s`;
  return [
    '## Microsoft 365 / Entra ID',
    '',
    'Method: 200,000 synthetic unified audit log JSON lines in five operation shapes (sign-in, MailItemsAccessed, Send,',
    'lower-cased New-InboxRule, SharePoint) decoded by `m365-ual-json`, against `JSON.parse` of the same lines. Then a',
    `month of ordinary activity for 400 people (${stream.length.toLocaleString('en-GB')} sign-in, mail and admin events, built by`,
    '`src/models/saas/events.suite.ts`) through the identity pattern of life and all 17 SaaS models, against the pattern of',
    'life alone. One process, one core, same run.',
    '',
    '| measure | rate | baseline | ratio |',
    '|---|---|---|---|',
    `| UAL decode (records) | ${rate(events, decode)} | JSON.parse ${rate(parsed, parseOnly)} | ${(decode / parseOnly).toFixed(2)}x the time |`,
    `| identity baseline + SaaS models (events) | ${rate(stream.length, judged)} | baseline alone ${rate(stream.length, learnOnly)} | ${(judged / learnOnly).toFixed(2)}x the time |`,
    '',
    `Breaches on the benign month with no learning cut-off: ${breaches.length} (first-week novelty while profiles are young).`,
    '',
  ].join('\n');
}
