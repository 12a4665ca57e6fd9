import { fitLabel, labelWidth } from './textWidth';

/** Horizontal bars with labels; `tone` colours each bar (e.g. by rarity). Plain SVG, no chart library. */
export interface Bar {
  label: string;
  value: number;
  note?: string;
  tone?: 'rare' | 'common' | 'neutral' | 'bad';
}

const ROW = 22;
const BAR_W = 320;
const NOTE_W = 230;

export function BarChart({ bars, title, unit = '' }: { bars: Bar[]; title: string; unit?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 8;
  const labelW = labelWidth(
    bars.map((b) => b.label),
    80,
    420,
  );
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted">Nothing recorded.</p>
      ) : (
        <svg width={labelW + BAR_W + NOTE_W} height={height} role="img" aria-label={title}>
          {bars.map((b, i) => {
            const full = `${b.label}: ${b.value}${unit}${b.note ? ` (${b.note})` : ''}`;
            const w = Math.max(2, (b.value / max) * BAR_W);
            return (
              <g key={b.label} transform={`translate(0 ${i * ROW + 4})`} className="bar-row">
                {/* Hovering anywhere on the row shows the whole label and value. */}
                <title>{full}</title>
                <rect x={0} y={0} width={labelW + BAR_W + NOTE_W} height={ROW} className="hover-band" />
                <text x={labelW - 6} y={14} textAnchor="end" className="axis">
                  {fitLabel(b.label, labelW)}
                </text>
                <rect x={labelW} y={2} height={ROW - 6} width={w} className={`bar ${b.tone ?? 'neutral'}`} />
                <text x={labelW + w + 6} y={14} className="value">
                  {b.value}
                  {unit}
                  {b.note ? ` · ${b.note}` : ''}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
