export function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function entityHref(e: { kind: string; id: string }): string {
  return `#/entities/${encodeURIComponent(e.kind)}/${encodeURIComponent(e.id)}`;
}

export function scoreClass(score: number): string {
  return score >= 80 ? 'score high' : score >= 50 ? 'score mid' : 'score low';
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}

const INTERNAL = new Set(['device', 'user', 'agent']);

/** The entities an incident is about (devices, users, agents) before the things they touched. */
export function splitEntities<E extends { kind: string }>(entities: E[]): { own: E[]; touched: E[] } {
  return { own: entities.filter((e) => INTERNAL.has(e.kind)), touched: entities.filter((e) => !INTERNAL.has(e.kind)) };
}
