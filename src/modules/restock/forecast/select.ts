/**
 * The production forecaster for one daily series: classify, cap outliers,
 * detect demand that stopped, then choose a method by a rolling-origin
 * backtest on the series' own recent history (never by in-sample fit), with
 * shrinkage toward a robust per-class default when the evidence is thin.
 * The chosen de-seasonalised daily level is spread over weekdays with the
 * series' weekday profile.
 */
import { type Classification, classifyDemand, type DemandClass } from './classify.js';
import { METHODS, type MethodInput, type MethodName } from './methods.js';
import { FLAT_PROFILE, seriesProfile, type WeekdayProfile } from './profile.js';
import { weekdayOf } from './stats.js';
import { winsorise } from './winsorise.js';

export type ForecastStatus = 'ok' | 'short_history' | 'no_demand' | 'stopped';

export interface ForecastRequest {
  /** Daily units, oldest first, the last value being the day before the origin. */
  y: ArrayLike<number>;
  /** Epoch day of y[0]. */
  startDay: number;
  horizon: number;
  /** Store-wide weekday profile (default: flat). */
  pooledProfile?: WeekdayProfile;
  /** Store-wide trend multiplier per horizon day (default: none). */
  storeTrend?: Float64Array;
  /** Skip selection and use this method (evaluation of single methods). */
  force?: MethodName;
}

export interface SeriesForecast {
  status: ForecastStatus;
  method: MethodName;
  demandClass: DemandClass;
  classification: Classification;
  /** Why this method, in words. */
  reason: string;
  /** The point forecast for each day of the horizon (the chosen method). */
  values: Float64Array;
  /**
   * The mean-demand forecast (SES level of the capped series) that scales the
   * distribution: the point forecast may be a median, which is right for
   * accuracy but would starve safety stock.
   */
  meanValues: Float64Array;
  profile: WeekdayProfile;
  /** Epoch day of values[0] (the origin). */
  originDay: number;
  /** The recent raw history (≤ 182 days), the empirical base of the quantiles. */
  recent: Float64Array;
  /** Epoch day of recent[0]. */
  recentStart: number;
  /** Backtest error per candidate (daily absolute + horizon-total absolute, units). */
  scores: Partial<Record<MethodName, number>>;
}

export const MIN_HISTORY_DAYS = 28;
const BACKTEST_ORIGINS = 6;
const BACKTEST_HORIZON = 14;
const RECENT_DAYS = 182;
const STOP_HALF_LIFE = 14;

/**
 * Candidates per class: damped-trend Holt only for smooth/erratic demand,
 * Croston-SBA and TSB only for intermittent/lumpy. The default — the mean of
 * the SES level and the 8-week median — was the most robust single choice
 * on the real-sales backtest (issue #16); a candidate replaces it only when
 * it beats it clearly on the series' own recent history.
 */
const CANDIDATES: Record<DemandClass, MethodName[]> = {
  smooth: ['medses', 'median8w', 'ses', 'damped'],
  erratic: ['medses', 'median8w', 'ses', 'damped'],
  intermittent: ['medses', 'median8w', 'ses', 'sba', 'tsb'],
  lumpy: ['medses', 'median8w', 'ses', 'sba', 'tsb'],
};
const DEFAULT_METHOD: MethodName = 'medses';
/** A candidate must beat the default's backtest error by this fraction to replace it (shrinkage). */
const SHRINK_MARGIN = 0.2;

/** Spreads a de-seasonalised daily level over weekdays: v·7·share(weekday). */
function applyProfile(
  level: Float64Array,
  H: number,
  day0: number,
  profile: WeekdayProfile,
  out: Float64Array,
  trend?: Float64Array,
) {
  let wd = weekdayOf(day0);
  for (let h = 0; h < H; h++) {
    out[h] = level[h]! * 7 * profile[wd]! * (trend?.[h] ?? 1);
    wd = wd === 6 ? 0 : wd + 1;
  }
}

/** Backtest error of one method over the last origins of x[0, n). */
function backtest(
  name: MethodName,
  m: MethodInput,
  startDay: number,
  profile: WeekdayProfile,
  buf: Float64Array,
  f: Float64Array,
): number {
  let err = 0;
  for (let k = 0; k < BACKTEST_ORIGINS; k++) {
    const b = m.n - BACKTEST_HORIZON - 7 * k;
    if (b < MIN_HISTORY_DAYS) break;
    METHODS[name]({ raw: m.raw, x: m.x, n: b }, buf, BACKTEST_HORIZON);
    applyProfile(buf, BACKTEST_HORIZON, startDay + b, profile, f);
    let sf = 0;
    let sa = 0;
    for (let h = 0; h < BACKTEST_HORIZON; h++) {
      const a = m.raw[b + h]!;
      err += Math.abs(f[h]! - a);
      sf += f[h]!;
      sa += a;
    }
    err += Math.abs(sf - sa);
  }
  return err;
}

/**
 * Demand has stopped when a gap this long would be very unlikely at the
 * series' own sale frequency — P(no sale for `gap` days) = (1 − 1/ADI)^gap
 * below 0.1% — and it lasts at least three weeks (a holiday closure is not
 * obsolescence), or when nothing sold for eight weeks.
 */
export function hasStopped(gap: number, adi: number): boolean {
  if (gap >= 56) return true;
  if (gap < 21 || !Number.isFinite(adi) || adi <= 1) return gap >= 21 && adi <= 1;
  return gap * Math.log(1 - 1 / adi) < Math.log(0.001);
}

function lastSaleIndex(y: ArrayLike<number>): number {
  for (let i = y.length - 1; i >= 0; i--) if (y[i]! > 0) return i;
  return -1;
}

/** Forecasts the next `horizon` days of one series. */
export function forecastSeries(req: ForecastRequest): SeriesForecast {
  const n = req.y.length;
  const H = Math.max(1, req.horizon);
  const pooled = req.pooledProfile ?? FLAT_PROFILE;
  const originDay = req.startDay + n;
  const { x, cap, capped } = winsorise(req.y, n);
  const recentStart = Math.max(0, n - RECENT_DAYS);
  const recent = Float64Array.from({ length: n - recentStart }, (_, i) =>
    Math.max(0, req.y[recentStart + i]!),
  );
  const cls = classifyDemand(x, Math.max(0, n - 365), n, (i) => pooled[weekdayOf(req.startDay + i)]! > 0);
  const profile = seriesProfile(x, n, req.startDay, pooled);
  const values = new Float64Array(H);
  const meanValues = new Float64Array(H);
  const base = {
    meanValues,
    demandClass: cls.demandClass,
    classification: cls,
    values,
    profile,
    originDay,
    recent,
    recentStart: req.startDay + recentStart,
    scores: {},
  };
  const last = lastSaleIndex(req.y);
  if (last < 0) return { ...base, status: 'no_demand', method: 'mean28', reason: 'no sales in the history' };
  const m: MethodInput = { raw: req.y, x, n };
  const level = new Float64Array(Math.max(H, BACKTEST_HORIZON));
  const capNote = capped > 0 ? `; ${capped} bulk day(s) capped at ${Math.round(cap)} units` : '';
  const classNote = `${cls.demandClass} (ADI ${cls.adi.toFixed(2)}, CV² ${cls.cv2.toFixed(2)})`;
  const finish = (
    status: ForecastStatus,
    method: MethodName,
    reason: string,
    scores = {},
  ): SeriesForecast => {
    METHODS[method](m, level, H);
    applyProfile(level, H, originDay, profile, values, req.storeTrend);
    if (status === 'ok') {
      METHODS.ses(m, level, H);
      applyProfile(level, H, originDay, profile, meanValues, req.storeTrend);
    } else meanValues.set(values);
    return { ...base, status, method, reason, scores };
  };
  if (req.force) return finish('ok', req.force, `forced ${req.force}`);
  if (n < MIN_HISTORY_DAYS) {
    return finish(
      'short_history',
      'mean28',
      `only ${n} days of history (< ${MIN_HISTORY_DAYS}): mean of those days`,
    );
  }
  const gap = n - 1 - last;
  if (hasStopped(gap, cls.adi)) {
    const fc = finish(
      'stopped',
      'tsb',
      `nothing sold for ${gap} days: demand decays (TSB, then halved per ${STOP_HALF_LIFE} days of silence)${capNote}`,
    );
    // Obsolescence: on top of TSB's own decay, halve the forecast for every two weeks of silence.
    const k = 0.5 ** (gap / STOP_HALF_LIFE);
    for (let h = 0; h < H; h++) {
      values[h] = values[h]! * k;
      meanValues[h] = meanValues[h]! * k;
    }
    return fc;
  }
  return selectByBacktest(m, req.startDay, profile, cls, classNote + capNote, finish);
}

function selectByBacktest(
  m: MethodInput,
  startDay: number,
  profile: WeekdayProfile,
  cls: Classification,
  note: string,
  finish: (
    s: ForecastStatus,
    method: MethodName,
    reason: string,
    scores: Partial<Record<MethodName, number>>,
  ) => SeriesForecast,
): SeriesForecast {
  const def = DEFAULT_METHOD;
  const buf = new Float64Array(BACKTEST_HORIZON);
  const f = new Float64Array(BACKTEST_HORIZON);
  const scores: Partial<Record<MethodName, number>> = {};
  let best: MethodName = def;
  for (const c of CANDIDATES[cls.demandClass]) {
    const s = backtest(c, m, startDay, profile, buf, f);
    scores[c] = s;
    if (s < scores[best]! || scores[best] === undefined) best = c;
  }
  const d = scores[def]!;
  if (best !== def && scores[best]! <= d * (1 - SHRINK_MARGIN)) {
    return finish(
      'ok',
      best,
      `${note}; ${best} beat the default ${def} in the backtest (error ${Math.round(scores[best]!)} vs ${Math.round(d)})`,
      scores,
    );
  }
  return finish(
    'ok',
    def,
    `${note}; default ${def} for ${cls.demandClass} demand (no candidate beat it by ${SHRINK_MARGIN * 100}% in the backtest)`,
    scores,
  );
}
