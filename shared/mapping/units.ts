/**
 * Follow-up units (issue 15 item 2: 'follow-up can be entered and shown in days, weeks, months or years').
 *
 * A mapping's `outcome.unit` says in which unit its time column holds the follow-up; the derived outcome
 * (outcome.time_days) is always in days, converted exactly: 1 week = 7 days, 1 month = 365.25/12 =
 * 30.4375 days, 1 year = 365.25 days (the mean Gregorian year, as R's lubridate and most registries use).
 * Dates are always counted in days. Kaplan-Meier medians, restricted means and numbers at risk are
 * unchanged by the scale of time except for that factor (survfit on time / k gives the median / k), which
 * test/shared/mapping/fixtures/follow-up-units.R checks against R.
 */
export const FOLLOW_UP_UNITS = ['days', 'weeks', 'months', 'years'] as const;
export type FollowUpUnit = (typeof FOLLOW_UP_UNITS)[number];

/** Days in one unit. */
export const DAYS_PER_UNIT: Record<FollowUpUnit, number> = {
  days: 1,
  weeks: 7,
  months: 365.25 / 12,
  years: 365.25,
};

/** The unit as a word, singular and plural. */
export const UNIT_WORDS: Record<FollowUpUnit, { one: string; many: string }> = {
  days: { one: 'day', many: 'days' },
  weeks: { one: 'week', many: 'weeks' },
  months: { one: 'month', many: 'months' },
  years: { one: 'year', many: 'years' },
};

/** A follow-up in `unit` as days. */
export function toDays(value: number, unit: FollowUpUnit = 'days'): number {
  return unit === 'days' ? value : value * DAYS_PER_UNIT[unit];
}

/** A follow-up in days as `unit`. */
export function fromDays(days: number, unit: FollowUpUnit = 'days'): number {
  return unit === 'days' ? days : days / DAYS_PER_UNIT[unit];
}

/** How the methods state the conversion: 'in months (1 month = 365.25/12 = 30.4375 days)'. */
export function conversionText(unit: FollowUpUnit): string {
  if (unit === 'days') return 'in days';
  const exact = unit === 'weeks' ? '7 days' : unit === 'months' ? '365.25/12 = 30.4375 days' : '365.25 days';
  return `in ${unit} (1 ${UNIT_WORDS[unit].one} = ${exact})`;
}

/** Decimals a time in the unit is shown with: whole days, tenths of weeks and months, hundredths of years. */
export const UNIT_DIGITS: Record<FollowUpUnit, number> = { days: 0, weeks: 1, months: 1, years: 2 };

/**
 * The time points at which survival is reported by default, in each unit (the Survival step's and the
 * report's): about 1, 3, 6 and 12 months.
 */
export const DEFAULT_TIMES: Record<FollowUpUnit, number[]> = { days: [30, 90, 180, 365], weeks: [4, 13, 26, 52], months: [1, 3, 6, 12], years: [0.5, 1, 2] };

/** The derived follow-up in the mapping's unit (applyMapping adds it beside outcome.time_days when the unit is not days). */
export function followUpColumnName(unit: FollowUpUnit): string {
  return `outcome.time_${unit}`;
}
