import type { PromptFinding } from './finding.js';
import { compilePhrases } from './phrase-pattern.js';

/**
 * Sensitive business data: classification markings, pasted source code, financial and customer
 * records, and organisation-specific dictionaries (project code names, customer names) that only
 * the operator knows.
 */

export interface BusinessDictionary {
  /** Reported as the finding type, e.g. `project_codename`. */
  type: string;
  terms: string[];
  confidence?: number;
}

/** Markings are matched in capitals for single words, because "confidential" in a sentence is not a marking. */
const MARKING_CAPS =
  /\b(?:TOP SECRET(?:\/\/[A-Z/ ]+)?|SECRET\/\/[A-Z/ ]+|STRICTLY CONFIDENTIAL|CONFIDENTIAL|RESTRICTED|PROPRIETARY|INTERNAL ONLY|FOUO|NOFORN|TLP:(?:RED|AMBER(?:\+STRICT)?))\b/g;
const MARKING_PHRASES =
  /\b(?:internal use only|for internal use|company confidential|not for (?:public )?(?:distribution|release)|do not (?:distribute|forward|share externally)|attorney[- ]client privileged?|privileged (?:and|&) confidential|under nda|commercial in confidence|trade secret)\b/gi;

const CODE_LINE =
  /^\s*(?:(?:def|class|import|from \S+ import|function|const|let|var|public|private|protected|static|package|using|namespace|func|fn|struct|impl|return|if|for|while|switch|case|try|catch|#include|#define|SELECT\b.*\bFROM|INSERT INTO|UPDATE \w+ SET|CREATE TABLE)\b.*|.*[;{}]\s*$|.*\)\s*(?:=>|->)\s*.*)$/;

const MONEY =
  /(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|million|billion))?|\b\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|CHF|JPY)\b)/g;
const FINANCE_WORDS =
  /\b(?:revenue|ebitda|gross margin|net income|operating (?:income|expenses)|opex|capex|p&l|balance sheet|cash flow|forecast|payroll|accounts? (?:payable|receivable)|quarterly results|earnings per share|valuation|cap table|bank statement|arr|mrr|gross profit|net profit)\b/gi;
const RECORD_HEADER =
  /\b(?:customer|client|patient|employee|member|account)[_ ]?(?:id|no|number|name)\b[^\n]{0,80}\b(?:email|phone|address|dob|ssn|balance|salary|iban|card)\b/i;

const compiledDictionaries = new WeakMap<readonly BusinessDictionary[], RegExp[]>();

function dictionaryPatterns(dictionaries: readonly BusinessDictionary[]): RegExp[] {
  let compiled = compiledDictionaries.get(dictionaries);
  if (!compiled) {
    compiled = dictionaries.map((d) => compilePhrases(d.terms, 0, false));
    compiledDictionaries.set(dictionaries, compiled);
  }
  return compiled;
}

function push(out: PromptFinding[], type: string, start: number, end: number, confidence: number, detail: string) {
  out.push({ category: 'sensitive_business', type, start, end, confidence, detail });
}

/**
 * `personalFindings` are the personal-data findings already made for this text: three or more on
 * three lines or more is a pasted customer list, not a message that mentions one person.
 */
export function detectSensitiveBusiness(
  text: string,
  out: PromptFinding[],
  personalFindings: readonly PromptFinding[],
  dictionaries: readonly BusinessDictionary[] = [],
): void {
  for (const re of [MARKING_CAPS, MARKING_PHRASES]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      push(
        out,
        'classification_marking',
        m.index,
        m.index + m[0].length,
        re === MARKING_CAPS ? 0.85 : 0.75,
        'classification or handling marking',
      );
    }
  }
  detectSourceCode(text, out);
  detectFinancialRecords(text, out);
  detectCustomerRecords(text, out, personalFindings);
  const patterns = dictionaryPatterns(dictionaries);
  for (let i = 0; i < patterns.length; i++) {
    const re = patterns[i]!;
    const dict = dictionaries[i]!;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      push(out, dict.type, m.index, m.index + m[0].length, dict.confidence ?? 0.8, 'term from a configured dictionary');
    }
  }
}

/** Three or more code-shaped lines, or a fenced block: source code pasted into the prompt. */
function detectSourceCode(text: string, out: PromptFinding[]): void {
  let codeLines = 0;
  let first = -1;
  let last = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (lineEnd - lineStart > 2 && lineEnd - lineStart < 400 && CODE_LINE.test(text.slice(lineStart, lineEnd))) {
      codeLines++;
      if (first === -1) first = lineStart;
      last = lineEnd;
    }
    lineStart = lineEnd + 1;
  }
  const fence = text.indexOf('```');
  const fenced = fence !== -1 && text.indexOf('```', fence + 3) !== -1;
  if (codeLines >= 3 || (fenced && codeLines >= 1)) {
    const start = fenced ? Math.min(fence, first === -1 ? fence : first) : first;
    const end = fenced ? Math.max(text.lastIndexOf('```') + 3, last) : last;
    push(out, 'source_code', start, end, Math.min(0.9, 0.5 + codeLines * 0.05), `${codeLines} code lines`);
  }
}

/**
 * Several amounts and at least two different terms of accounts: a financial statement or payroll
 * extract. A word problem has prices and a budget, not revenue, EBITDA and a forecast.
 */
function detectFinancialRecords(text: string, out: PromptFinding[]): void {
  FINANCE_WORDS.lastIndex = 0;
  const first = FINANCE_WORDS.exec(text);
  if (!first) return;
  const firstTerm = first[0].toLowerCase();
  let distinct = false;
  for (let m = FINANCE_WORDS.exec(text); m !== null; m = FINANCE_WORDS.exec(text)) {
    if (m[0].toLowerCase() !== firstTerm) {
      distinct = true;
      break;
    }
  }
  if (!distinct) return;
  MONEY.lastIndex = 0;
  let amounts = 0;
  let start = -1;
  let end = -1;
  for (let m = MONEY.exec(text); m !== null; m = MONEY.exec(text)) {
    amounts++;
    if (start === -1) start = m.index;
    end = m.index + m[0].length;
  }
  if (amounts < 4) return;
  push(
    out,
    'financial_record',
    Math.min(start, first.index),
    end,
    Math.min(0.85, 0.4 + amounts * 0.05),
    `${amounts} amounts with financial terms`,
  );
}

function detectCustomerRecords(text: string, out: PromptFinding[], personal: readonly PromptFinding[]): void {
  const header = RECORD_HEADER.exec(text);
  let lines = 0;
  let lastLine = -1;
  let first = -1;
  let last = -1;
  for (const f of personal) {
    if (f.type === 'person_name' || f.type === 'ip_address') continue;
    const lineStart = text.lastIndexOf('\n', f.start);
    if (lineStart !== lastLine) {
      lines++;
      lastLine = lineStart;
    }
    if (first === -1 || f.start < first) first = f.start;
    if (f.end > last) last = f.end;
  }
  if (lines >= 3 || (header && lines >= 1)) {
    const start = header ? Math.min(header.index, first === -1 ? header.index : first) : first;
    push(
      out,
      'customer_records',
      start,
      Math.max(last, header ? header.index + header[0].length : last),
      lines >= 5 ? 0.85 : 0.7,
      `personal data on ${lines} lines`,
    );
  }
}
