/** Points over time, one row per category (e.g. login country / ASN); failures drawn hollow. */
export interface TimePoint {
  time: number;
  row: string;
  ok: boolean;
  label: string;
}

export function TimeStrip({ title, points }: { title: string; points: TimePoint[] }) {
  if (points.length === 0) {
    return (
      <figure className="chart" aria-label={title}>
        <figcaption>{title}</figcaption>
        <p className="muted">Nothing recorded.</p>
      </figure>
    );
  }
  const rows = [...new Set(points.map((p) => p.row))];
  const t0 = Math.min(...points.map((p) => p.time));
  const t1 = Math.max(...points.map((p) => p.time));
  const span = Math.max(1, t1 - t0);
  const labelW = 220;
  const w = 480;
  const rowH = 24;
  const x = (t: number) => labelW + ((t - t0) / span) * w;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <svg width={labelW + w + 20} height={rows.length * rowH + 30} role="img" aria-label={title}>
        {rows.map((r, i) => (
          <g key={r}>
            <text x={labelW - 8} y={i * rowH + 16} textAnchor="end" className="axis">
              {r}
            </text>
            <line x1={labelW} x2={labelW + w} y1={i * rowH + 12} y2={i * rowH + 12} className="grid" />
          </g>
        ))}
        {points.map((p) => (
          <circle
            key={`${p.time}-${p.row}-${p.label}`}
            cx={x(p.time)}
            cy={rows.indexOf(p.row) * rowH + 12}
            r={5}
            className={p.ok ? 'dot ok' : 'dot fail'}
          >
            <title>{p.label}</title>
          </circle>
        ))}
        <text x={labelW} y={rows.length * rowH + 24} className="axis">
          {new Date(t0).toISOString().slice(0, 16).replace('T', ' ')}
        </text>
        <text x={labelW + w} y={rows.length * rowH + 24} textAnchor="end" className="axis">
          {new Date(t1).toISOString().slice(0, 16).replace('T', ' ')}
        </text>
      </svg>
    </figure>
  );
}
