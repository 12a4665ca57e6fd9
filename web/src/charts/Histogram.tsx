/** Vertical columns over labelled buckets (e.g. gaps between connections). */
export function Histogram({ title, labels, counts }: { title: string; labels: string[]; counts: number[] }) {
  const max = Math.max(1, ...counts);
  const colW = 44;
  const h = 120;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <svg width={labels.length * colW + 10} height={h + 40} role="img" aria-label={title}>
        {counts.map((c, i) => {
          const bh = (c / max) * h;
          return (
            <g key={labels[i]} transform={`translate(${i * colW + 5} 0)`}>
              <rect x={4} y={h - bh + 4} width={colW - 8} height={bh} className="bar neutral">
                <title>{`${labels[i]}: ${c}`}</title>
              </rect>
              {c > 0 && (
                <text x={colW / 2} y={h - bh} textAnchor="middle" className="value">
                  {c}
                </text>
              )}
              <text x={colW / 2} y={h + 20} textAnchor="middle" className="axis">
                {labels[i]}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
