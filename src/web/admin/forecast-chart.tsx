/**
 * The restock forecast chart (issue #16): a pure function from a series to
 * inline SVG — recent daily history, the forecast line and its 10–90% band
 * after a marker at today — plus the section that lists one chart per
 * variant with its demand pattern and the reorder advice in a merchant's
 * words (./restock-words.ts), the method's name only under "Technical details".
 * No script, no external asset.
 */
import type { ForecastView } from '../../modules/restock/forecast-view.js';
import type { PlanItem } from '../../modules/restock/schemas.js';
import { TechnicalDetails } from './restock-plan.js';
import { demandPattern, forecastBasis, planSentence } from './restock-words.js';

export interface ChartSeries {
  history: readonly number[];
  forecast: readonly number[];
  p10: readonly number[];
  p90: readonly number[];
}

const W = 360;
const H = 90;
const PAD = 4;

const f1 = (v: number) => (Math.round(v * 10) / 10).toString();

/** SVG points for a series starting at day index `from`. */
function pointsOf(
  values: readonly number[],
  from: number,
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  return values.map((v, i) => `${f1(x(from + i))},${f1(y(v))}`).join(' ');
}

export function ForecastChart(props: { series: ChartSeries; label: string }) {
  const { history, forecast, p10, p90 } = props.series;
  const days = Math.max(1, history.length + forecast.length - 1);
  const max = Math.max(1, ...history, ...p90, ...forecast);
  const x = (i: number) => PAD + (i / days) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - (Math.max(0, v) / max) * (H - 2 * PAD);
  const o = history.length;
  const band = `${pointsOf(p90, o, x, y)} ${pointsOf([...p10].reverse(), 0, (i) => x(o + p10.length - 1 - i), y)}`;
  return (
    <svg
      class="forecast-chart"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={props.label}
    >
      <title>{props.label}</title>
      {p90.length > 0 && <polygon points={band} fill="#cfe3ff" stroke="none" />}
      <line x1={f1(x(o))} x2={f1(x(o))} y1={PAD} y2={H - PAD} stroke="#999" stroke-dasharray="2,2" />
      <polyline points={pointsOf(history, 0, x, y)} fill="none" stroke="#444" stroke-width="1.2" />
      <polyline points={pointsOf(forecast, o, x, y)} fill="none" stroke="#1a5fd0" stroke-width="1.6" />
      <text x={W - PAD} y={PAD + 9} text-anchor="end" font-size="9" fill="#666">
        max {f1(max)}/day
      </text>
    </svg>
  );
}

/**
 * One chart per variant that has sold, with the method, why, and the reorder arithmetic. Variants
 * without a sale in the history are counted in one sentence: their charts would be empty lines
 * (a new store from a template has dozens).
 */
export function ForecastSection(props: { views: readonly ForecastView[]; plan: readonly PlanItem[] }) {
  if (props.views.length === 0) return null;
  const drawn = props.views.filter((v) => v.method !== 'no_demand');
  const quiet = props.views.length - drawn.length;
  const planOf = new Map(props.plan.map((p) => [p.variantId, p]));
  return (
    <section class="card" aria-labelledby="forecast-h">
      <h2 id="forecast-h">Forecasts</h2>
      {drawn.length > 0 ? (
        <p class="muted">
          Grey line: units sold each day. Blue line: the forecast. Shaded: the likely range (8 days in 10 fall
          inside it).
        </p>
      ) : null}
      {quiet > 0 ? (
        <p class="muted" id="forecast-quiet">
          {drawn.length === 0
            ? 'No variant has sold yet: forecasts appear here once sales history exists.'
            : `${quiet} more of the variants to order first or best sellers sold nothing yet: no forecast to draw.`}
        </p>
      ) : null}
      {drawn.map((v) => (
        <figure class="forecast">
          <ForecastChart
            series={v}
            label={`${v.sku}: ${v.history.length} days of sales from ${v.historyStart}, then the forecast with its 10–90% band`}
          />
          <figcaption>
            <strong>{v.sku}</strong> — {demandPattern(v)}.
            <br />
            {forecastBasis(v)} {planOf.has(v.variantId) ? planSentence(planOf.get(v.variantId)!) : null}
            <TechnicalDetails method={v.method} notes={[v.reason, v.explanation]} />
          </figcaption>
        </figure>
      ))}
    </section>
  );
}
