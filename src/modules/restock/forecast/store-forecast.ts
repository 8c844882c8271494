/**
 * Forecasting every series of a store at one origin — the single production
 * path used by the restock planner and the batch CLI: the store-wide weekday
 * profile and trend are computed from all series, then each series gets its
 * own selection (./select.ts).
 */
import { addWeekdaySums, profileFromSums, type WeekdayProfile } from './profile.js';
import { forecastSeries, type SeriesForecast } from './select.js';
import { addWeeklyTotals, storeTrendMultipliers } from './store-trend.js';

export interface StoreSeries {
  /** Daily units, ending the day before the origin. */
  y: Float64Array;
  /** Epoch day of y[0]. */
  startDay: number;
}

const PROFILE_DAYS = 182;
const TREND_WEEKS = 12;

/** Store-wide weekday profile and trend multipliers at the origin. */
export function storeSignals(
  series: readonly StoreSeries[],
  horizon: number,
): { profile: WeekdayProfile; trend: Float64Array } {
  const sums = new Float64Array(7);
  const weekly = new Float64Array(TREND_WEEKS);
  for (const s of series) {
    const n = s.y.length;
    addWeekdaySums(sums, s.y, s.startDay, Math.max(0, n - PROFILE_DAYS), n);
    addWeeklyTotals(weekly, s.y, n);
  }
  return { profile: profileFromSums(sums), trend: storeTrendMultipliers(weekly, horizon) };
}

/** Forecasts every series for `horizon` days from the origin (series must all end at the origin). */
export function forecastStore(series: readonly StoreSeries[], horizon: number): SeriesForecast[] {
  const { profile, trend } = storeSignals(series, horizon);
  return series.map((s) =>
    forecastSeries({ y: s.y, startDay: s.startDay, horizon, pooledProfile: profile, storeTrend: trend }),
  );
}
