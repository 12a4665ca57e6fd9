/**
 * Turns configured phrases ("steal password", "Project Falcon") into one compiled regex. Each word
 * matches as a word prefix (steal → stealing) and up to `gap` filler words may sit between words,
 * so an analyst writes examples in plain language instead of regexes.
 */

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compilePhrases(phrases: readonly string[], gap = 3, wordPrefix = true): RegExp {
  const alternatives = phrases
    .map((p) => p.trim().split(/\s+/).filter(Boolean).map(escapeRegex))
    .filter((words) => words.length > 0)
    .map((words) => words.map((w) => (wordPrefix ? `${w}\\w*` : w)).join(`\\W+(?:\\w+\\W+){0,${gap}}?`));
  if (alternatives.length === 0) return /(?!)/g;
  return new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'gi');
}
