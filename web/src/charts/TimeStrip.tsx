import { fitLabel, labelWidth } from './textWidth';

/** Points over time, one row per category (e.g. login country / ASN); failures drawn hollow. */
export interface TimePoint {
  time: number;
  row: string;
  ok: boolean;
  label: string;
}

/** Points of one row and outcome closer than this many pixels are drawn as one dot with a count. */
const CLUSTER_PX = 10;
const PLOT_W = 520;
const ROW_H = 30;
/** Room above the first row for a cluster's count. */
const TOP = 12;

interface Cluster {
  x: number;
  row: string;
  ok: boolean;
  points: TimePoint[];
}

/** Neighbouring points of the same row and outcome, merged so that dots never hide each other. */
function clusters(points: TimePoint[], x: (t: number) => number): Cluster[] {
  const out: Cluster[] = [];
  const open = new Map<string, Cluster>();
  for (const p of [...points].sort((a, b) => a.time - b.time)) {
    const key = `${p.row}\u0000${p.ok}`;
    const px = x(p.time);
    const c = open.get(key);
    if (c !== undefined && px - c.x < CLUSTER_PX) {
      c.points.push(p);
    } else {
      const fresh = { x: px, row: p.row, ok: p.ok, points: [p] };
      out.push(fresh);
      open.set(key, fresh);
    }
  }
  return out;
}

function clusterTitle(c: Cluster): string {
  if (c.points.length === 1) return c.points[0]!.label;
  const first = c.points[0]!.label;
  const last = c.points.at(-1)!.label;
  return `${c.points.length} ${c.ok ? 'successes' : 'failures'}:\n${first}\n…\n${last}`;
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
  const labelW = labelWidth(rows, 100, 360);
  const x = (t: number) => labelW + 10 + ((t - t0) / span) * PLOT_W;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <svg width={labelW + PLOT_W + 40} height={TOP + rows.length * ROW_H + 30} role="img" aria-label={title}>
        {rows.map((r, i) => (
          <g key={r}>
            <text x={labelW - 4} y={TOP + i * ROW_H + 17} textAnchor="end" className="axis">
              <title>{r}</title>
              {fitLabel(r, labelW)}
            </text>
            <line
              x1={labelW + 4}
              x2={labelW + PLOT_W + 16}
              y1={TOP + i * ROW_H + 13}
              y2={TOP + i * ROW_H + 13}
              className="grid"
            />
          </g>
        ))}
        {clusters(points, x).map((c) => {
          // Failures sit a little above the line and successes below, so a burst of both shows as two dots.
          const cy = TOP + rows.indexOf(c.row) * ROW_H + 13 + (c.ok ? 4 : -4);
          const r = Math.min(10, 4 + Math.sqrt(c.points.length));
          return (
            <g key={`${c.row}-${c.ok}-${c.x}`}>
              <circle cx={c.x} cy={cy} r={r} className={c.ok ? 'dot ok' : 'dot fail'}>
                <title>{clusterTitle(c)}</title>
              </circle>
              {c.points.length > 1 && (
                <text x={c.x} y={cy - r - 2} textAnchor="middle" className="value count">
                  {c.points.length}
                </text>
              )}
            </g>
          );
        })}
        <text x={labelW + 10} y={TOP + rows.length * ROW_H + 24} className="axis">
          {new Date(t0).toISOString().slice(0, 16).replace('T', ' ')} UTC
        </text>
        <text x={labelW + 10 + PLOT_W} y={TOP + rows.length * ROW_H + 24} textAnchor="end" className="axis">
          {new Date(t1).toISOString().slice(0, 16).replace('T', ' ')} UTC
        </text>
      </svg>
    </figure>
  );
}
