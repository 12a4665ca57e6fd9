import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type PromptFinding, scanPrompt } from '../src/enrich/prompt/index.js';
import { sharedData } from './shared-data.js';

const DATA = sharedData();

function personal(text: string): PromptFinding[] {
  return scanPrompt(text, { categories: ['personal_data'] });
}

function typesIn(text: string): string[] {
  return personal(text).map((f) => f.type);
}

function spanOf(text: string, type: string): string | undefined {
  const f = personal(text).find((x) => x.type === type);
  return f ? text.slice(f.start, f.end) : undefined;
}

describe('personal data: every identifier type fires, its look-alike does not', () => {
  const cases: { type: string; fires: string; value: string; silent: string }[] = [
    {
      type: 'email',
      fires: 'Send it to alice.smith@contoso.com please',
      value: 'alice.smith@contoso.com',
      silent: 'Tag @alice in the channel and mail root@localhost',
    },
    {
      type: 'payment_card',
      fires: 'My card is 4111 1111 1111 1111, exp 09/27',
      value: '4111 1111 1111 1111',
      silent: 'Order number 4111 1111 1111 1112 shipped',
    },
    {
      type: 'payment_card',
      fires: 'Amex 378282246310005 was declined',
      value: '378282246310005',
      silent: 'Tracking id 1234567812345678 is late',
    },
    {
      type: 'iban',
      fires: 'Pay to GB82 WEST 1234 5698 7654 32 today',
      value: 'GB82 WEST 1234 5698 7654 32',
      silent: 'Pay to GB82 WEST 1234 5698 7654 33 today',
    },
    {
      type: 'iban',
      fires: 'IBAN DE89370400440532013000',
      value: 'DE89370400440532013000',
      silent: 'Ref DE89370400440532013001',
    },
    {
      type: 'us_ssn',
      fires: 'Her SSN is 536-22-1234.',
      value: '536-22-1234',
      silent: 'Her SSN is 666-22-1234 and ticket 000-12-3456',
    },
    {
      type: 'uk_nino',
      fires: 'NI number AB 12 34 56 C for payroll',
      value: 'AB 12 34 56 C',
      silent: "HMRC's format example QQ 12 34 56 C and BG 12 34 56 A",
    },
    { type: 'es_dni', fires: 'DNI 12345678Z del cliente', value: '12345678Z', silent: 'DNI 12345678A del cliente' },
    {
      type: 'fr_nir',
      fires: 'Numéro de sécurité sociale 1 85 05 78 006 084 91',
      value: '1 85 05 78 006 084 91',
      silent: 'Numéro 1 85 05 78 006 084 92',
    },
    {
      type: 'in_aadhaar',
      fires: 'Aadhaar 2345 6789 0124 verified',
      value: '2345 6789 0124',
      silent: 'Aadhaar 2345 6789 0125 verified',
    },
    { type: 'nl_bsn', fires: 'Mijn BSN is 111222333', value: '111222333', silent: 'Mijn BSN is 111222334' },
    { type: 'ca_sin', fires: 'My SIN is 130 692 544', value: '130 692 544', silent: 'My SIN is 130 692 545' },
    {
      type: 'phone',
      fires: 'Call me on +1 415 555 2671 tomorrow',
      value: '+1 415 555 2671',
      silent: 'The answer is 415 and 2671 items',
    },
    { type: 'phone', fires: 'Phone: (212) 555-0199', value: '(212) 555-0199', silent: 'Compute 212 - 555 + 199' },
    {
      type: 'ip_address',
      fires: 'The attacker came from 203.0.113.77 last night',
      value: '203.0.113.77',
      silent: 'Upgrade from 1.2.3.4.5 to v2.0.0.1 now',
    },
    {
      type: 'ip_address',
      fires: 'Host 2001:db8:85a3::8a2e:370:7334 is down',
      value: '2001:db8:85a3::8a2e:370:7334',
      silent: 'The meeting is at 10:30:00 or 11:45',
    },
    {
      type: 'postal_address',
      fires: 'Ship it to 221B Baker Street, London',
      value: '221B Baker Street',
      silent: 'Street food in Baker is great',
    },
    {
      type: 'postal_address',
      fires: 'Mail 1600 Pennsylvania Avenue NW, Washington, DC 20500',
      value: 'DC 20500',
      silent: 'We sold 20500 units',
    },
    {
      type: 'postal_address',
      fires: 'Deliver to Hauptstraße 12, Berlin',
      value: 'Hauptstraße 12',
      silent: 'During 15 minutes Xavier can run a mile',
    },
    {
      type: 'date_of_birth',
      fires: 'Patient born on 12 March 1985 in Leeds',
      value: '12 March 1985',
      silent: 'The audit is on 12 March 1985 records',
    },
    { type: 'date_of_birth', fires: 'DOB: 1985-03-12', value: '1985-03-12', silent: 'Release: 1985-03-12' },
    {
      type: 'person_name',
      fires: 'Hello, my name is Alice Johnson and I need help',
      value: 'Alice Johnson',
      silent: 'My name is in the list',
    },
  ];
  for (const c of cases) {
    it(`${c.type}: "${c.fires}"`, () => {
      const got = personal(c.fires).filter((f) => f.type === c.type);
      expect(got.length).toBeGreaterThan(0);
      expect(got.map((f) => c.fires.slice(f.start, f.end))).toContain(c.value);
      expect(typesIn(c.silent)).not.toContain(c.type);
    });
  }

  it('reports a checksum-valid card without a card word at lower confidence than one with it', () => {
    const bare = personal('4111111111111111').find((f) => f.type === 'payment_card');
    const cued = personal('credit card 4111111111111111').find((f) => f.type === 'payment_card');
    expect(bare!.confidence).toBeLessThan(cued!.confidence);
  });

  it('finds the PII in the LLM Guard Anonymize example', () => {
    const examples = JSON.parse(
      readFileSync(`${DATA}/prompts/llm-guard-benchmark-examples/input_examples.json`, 'utf8'),
    );
    const text: string = examples.Anonymize;
    const types = new Set(typesIn(text));
    for (const t of ['email', 'phone', 'ip_address', 'person_name']) expect(types).toContain(t);
    // its card number 4567-8901-2345-6789 fails the Luhn check, so it is (rightly) not a card
    expect(spanOf(text, 'payment_card')).toBeUndefined();
  });
});

interface PresidioRecord {
  full_text: string;
  spans: { entity_type: string; entity_value: string; start_position: number; end_position: number }[];
}

describe('personal data on the presidio-research synthetic PII set (1,500 span-annotated sentences)', () => {
  const records = JSON.parse(
    gunzipSync(readFileSync(`${DATA}/prompts/presidio-research-synth-pii/synth_dataset_v2.json.gz`)).toString('utf8'),
  ) as PresidioRecord[];
  const findings = records.map((r) => personal(r.full_text));

  function recall(entity: string, type: string, accept: (value: string) => boolean = () => true): [number, number] {
    let total = 0;
    let found = 0;
    records.forEach((r, i) => {
      for (const s of r.spans) {
        if (s.entity_type !== entity || !accept(s.entity_value)) continue;
        total++;
        if (findings[i]!.some((f) => f.type === type && f.start < s.end_position && s.start_position < f.end)) found++;
      }
    });
    return [found, total];
  }

  it('finds nearly every email address', () => {
    const [found, total] = recall('EMAIL_ADDRESS', 'email');
    expect(found / total).toBeGreaterThan(0.95);
  });

  it('finds every annotated card that passes the Luhn check, and no card that fails it', () => {
    const luhn = (v: string) => {
      const d = v.replace(/\D/g, '');
      let sum = 0;
      for (let i = 0; i < d.length; i++) {
        let x = Number(d[d.length - 1 - i]);
        if (i % 2) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
        sum += x;
      }
      return d.length >= 12 && sum % 10 === 0;
    };
    const [found, total] = recall('CREDIT_CARD', 'payment_card', luhn);
    expect(total).toBeGreaterThan(50);
    expect(found / total).toBeGreaterThan(0.9);
    const [wrong] = recall('CREDIT_CARD', 'payment_card', (v) => !luhn(v));
    expect(wrong).toBe(0);
  });

  it('finds IBANs, SSNs and IP addresses', () => {
    for (const [entity, type, min] of [
      ['IBAN_CODE', 'iban', 0.9],
      ['US_SSN', 'us_ssn', 0.8],
      ['IP_ADDRESS', 'ip_address', 0.9],
    ] as const) {
      const [found, total] = recall(entity, type);
      expect(total).toBeGreaterThan(0);
      expect(found / total, entity).toBeGreaterThanOrEqual(min);
    }
  });
});

describe('personal data stays quiet on benign prompts', () => {
  const benign = gunzipSync(readFileSync(`${DATA}/prompts/benign-user-prompts/benign_prompts.jsonl.gz`))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);

  it('checksummed identifiers fire on almost none of 9,621 math, coding and writing prompts', () => {
    let fired = 0;
    for (const text of benign) {
      if (
        personal(text).some((f) =>
          ['payment_card', 'iban', 'us_ssn', 'uk_nino', 'in_aadhaar', 'fr_nir'].includes(f.type),
        )
      )
        fired++;
    }
    expect(fired / benign.length).toBeLessThan(0.002);
  });
});
