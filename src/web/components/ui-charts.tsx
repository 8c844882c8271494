/**
 * UI kit — small SVG charts rendered on the server (see ./ui.tsx): no
 * script, no external asset, scale with their container (viewBox). Each chart
 * carries a text alternative (`label`) and a <title> per point for hover.
 */

export interface Point {
  /** The x label (e.g. "12 Mar"). */
  label: string;
  value: number;
}

const W = 600;
const H = 180;
const PAD = { l: 44, r: 8, t: 10, b: 22 };

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= max) return m * mag;
  return 10 * mag;
}

function xLabels(points: readonly Point[]): number[] {
  const n = points.length;
  if (n <= 1) return n === 1 ? [0] : [];
  const step = Math.max(1, Math.ceil(n / 6));
  const idx: number[] = [];
  for (let i = 0; i < n; i += step) idx.push(i);
  if (idx[idx.length - 1] !== n - 1 && n - 1 - idx[idx.length - 1]! >= step / 2) idx.push(n - 1);
  return idx;
}

function Axes(props: { max: number; format: (v: number) => string }) {
  const ticks = [0, 0.5, 1];
  return (
    <g>
      {ticks.map((t) => {
        const y = PAD.t + (1 - t) * (H - PAD.t - PAD.b);
        return (
          <g>
            <line class="grid-line" x1={PAD.l} x2={W - PAD.r} y1={y} y2={y} />
            <text x={PAD.l - 6} y={y + 3} text-anchor="end">
              {props.format(props.max * t)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** A line chart with a light area fill; `format` prints axis values (e.g. money without decimals). */
export function LineChart(props: {
  points: readonly Point[];
  label: string;
  format?: (v: number) => string;
}) {
  const format = props.format ?? ((v: number) => String(Math.round(v)));
  const pts = props.points;
  const max = niceMax(Math.max(0, ...pts.map((p) => p.value)));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const x = (i: number) => PAD.l + (pts.length <= 1 ? iw / 2 : (i * iw) / (pts.length - 1));
  const y = (v: number) => PAD.t + (1 - v / max) * ih;
  const path = pts.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join('');
  const area = pts.length
    ? `${path}L${x(pts.length - 1).toFixed(1)},${PAD.t + ih}L${x(0).toFixed(1)},${PAD.t + ih}Z`
    : '';
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label}>
      <title>{props.label}</title>
      <Axes max={max} format={format} />
      {pts.length ? <path class="area" d={area} /> : null}
      {pts.length ? <path class="line" d={path} /> : null}
      {pts.map((p, i) => (
        <circle cx={x(i)} cy={y(p.value)} r={pts.length > 40 ? 0 : 2.5} fill="var(--c-primary)">
          <title>{`${p.label}: ${format(p.value)}`}</title>
        </circle>
      ))}
      {xLabels(pts).map((i) => (
        <text x={x(i)} y={H - 6} text-anchor="middle">
          {pts[i]!.label}
        </text>
      ))}
    </svg>
  );
}

/** A bar chart (one bar per point). */
export function BarChart(props: { points: readonly Point[]; label: string; format?: (v: number) => string }) {
  const format = props.format ?? ((v: number) => String(Math.round(v)));
  const pts = props.points;
  const max = niceMax(Math.max(0, ...pts.map((p) => p.value)));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const slot = pts.length ? iw / pts.length : iw;
  const bw = Math.max(1, slot * 0.7);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label}>
      <title>{props.label}</title>
      <Axes max={max} format={format} />
      {pts.map((p, i) => {
        const h = (p.value / max) * ih;
        return (
          <rect class="bar" x={PAD.l + i * slot + (slot - bw) / 2} y={PAD.t + ih - h} width={bw} height={h}>
            <title>{`${p.label}: ${format(p.value)}`}</title>
          </rect>
        );
      })}
      {xLabels(pts).map((i) => (
        <text x={PAD.l + i * slot + slot / 2} y={H - 6} text-anchor="middle">
          {pts[i]!.label}
        </text>
      ))}
    </svg>
  );
}

/** A tiny inline trend line (no axes), e.g. inside a Stat tile or a table cell. */
export function Sparkline(props: { values: readonly number[]; label: string }) {
  const v = props.values;
  const w = 96;
  const h = 24;
  const max = Math.max(...v, 0);
  const min = Math.min(...v, 0);
  const span = max - min || 1;
  const d = v
    .map((n, i) => {
      const x = v.length <= 1 ? w / 2 : (i * w) / (v.length - 1);
      const y = h - 2 - ((n - min) / span) * (h - 4);
      return `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join('');
  return (
    <svg class="spark" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={props.label}>
      <title>{props.label}</title>
      {v.length ? <path class="line" d={d} /> : null}
    </svg>
  );
}
