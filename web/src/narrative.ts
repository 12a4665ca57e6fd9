/**
 * The incident narrative (src/analyst/narrative.ts) is plain text, one line per part, headed by
 * fixed phrases. The page shows each part under its own heading and as a list, so that a reader can
 * scan the steps, the unusual facts per model, the benign causes and the next steps.
 */

export const HEADINGS = ['What happened', 'Why it is unusual', 'What could make it benign', 'What to do next'] as const;
export type Heading = (typeof HEADINGS)[number];

export interface Step {
  text: string;
  /** The model and score in brackets at the end of a step, shown apart. */
  note?: string;
}

export interface UnusualModel {
  model: string;
  facts: string[];
}

export interface NarrativeSections {
  /** The opening sentence of "What happened". */
  lead?: string;
  steps: Step[];
  unusual: UnusualModel[];
  benign: string[];
  next: string[];
  /** Lines in no known part, shown as they are. */
  other: string[];
}

/** Splits at `sep` outside parentheses and brackets (facts carry "(normal: a; b)"). */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      out.push(text.slice(from, i));
      from = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(text.slice(from));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

const trimStop = (s: string) => s.replace(/\.$/, '');

function step(line: string): Step {
  const text = line.replace(/^\d+\.\s+/, '');
  const m = /^(.*\S)\s+\[([^\]]+)\]\.?$/.exec(text);
  return m ? { text: m[1]!, note: m[2]! } : { text };
}

/** "M1: a; b. M2: c." with the models known from the incident's timeline. */
function unusualByModel(text: string, models: readonly string[]): UnusualModel[] {
  const starts: { at: number; model: string }[] = [];
  for (const model of new Set(models)) {
    const key = `${model}: `;
    for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
      if (at === 0 || text.slice(at - 2, at) === '. ') starts.push({ at, model });
    }
  }
  starts.sort((a, b) => a.at - b.at);
  if (starts.length === 0) return [{ model: '', facts: splitTop(trimStop(text), '; ') }];
  return starts.map((s, i) => {
    const body = text.slice(s.at + s.model.length + 2, starts[i + 1]?.at ?? text.length).trim();
    return { model: s.model, facts: splitTop(trimStop(body), '; ').map(trimStop) };
  });
}

export function narrativeSections(summary: string, models: readonly string[]): NarrativeSections {
  const out: NarrativeSections = { steps: [], unusual: [], benign: [], next: [], other: [] };
  let current: Heading | undefined;
  for (const line of summary.split('\n')) {
    if (line.trim() === '') continue;
    const heading = HEADINGS.find((h) => line.startsWith(`${h}: `));
    const rest = heading ? line.slice(heading.length + 2).trim() : line.trim();
    if (heading !== undefined) current = heading;
    switch (current) {
      case 'What happened':
        if (heading !== undefined) out.lead = rest.charAt(0).toUpperCase() + rest.slice(1);
        else out.steps.push(step(rest));
        break;
      case 'Why it is unusual':
        out.unusual.push(...unusualByModel(rest, models));
        break;
      case 'What could make it benign':
        out.benign.push(...splitTop(trimStop(rest), '; '));
        break;
      case 'What to do next':
        out.next.push(...rest.split(/(?<=\.)\s+(?=[A-Z])/).map((s) => s.trim()));
        break;
      default:
        out.other.push(rest);
    }
  }
  return out;
}
