/** Horizontal bars with labels; `tone` colours each bar (e.g. by rarity). Plain SVG, no chart library. */
export interface Bar {
  label: string;
  value: number;
  note?: string;
  tone?: 'rare' | 'common' | 'neutral' | 'bad';
}

const ROW = 22;
const LABEL_W = 260;
const BAR_W = 320;

export function BarChart({ bars, title, unit = '' }: { bars: Bar[]; title: string; unit?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 8;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted">Nothing recorded.</p>
      ) : (
        <svg width={LABEL_W + BAR_W + 160} height={height} role="img" aria-label={title}>
          {bars.map((b, i) => (
            <g key={b.label} transform={`translate(0 ${i * ROW + 4})`}>
              <text x={LABEL_W - 6} y={14} textAnchor="end" className="axis">
                {b.label.length > 38 ? `${b.label.slice(0, 37)}…` : b.label}
              </text>
              <rect
                x={LABEL_W}
                y={2}
                height={ROW - 6}
                width={Math.max(2, (b.value / max) * BAR_W)}
                className={`bar ${b.tone ?? 'neutral'}`}
              >
                <title>{`${b.label}: ${b.value}${unit}${b.note ? ` (${b.note})` : ''}`}</title>
              </rect>
              <text x={LABEL_W + Math.max(2, (b.value / max) * BAR_W) + 6} y={14} className="value">
                {b.value}
                {unit}
                {b.note ? ` · ${b.note}` : ''}
              </text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}
