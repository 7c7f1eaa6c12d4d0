/**
 * The computation of `analyze sites` (its declaration, options and methods are in sites.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import { finiteOrNull } from '../stats/finite';
import type { DataFrame } from '../data/frame';
import { fitCox } from '../stats/cox';
import { aeqSurv } from '../stats/timefix';
import { expectedEvents } from '../stats/expected-events';
import { poissonRatioInterval } from '../stats/poisson-ratio-interval';
import { binomialFunnel, binomialFunnelLimits, poissonFunnel, poissonFunnelLimits, type FunnelLimits } from '../stats/funnel-limits';
import { buildModelMatrix, ModelMatrixError, parseReferenceLevels, type ModelMatrix } from './model-matrix';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { groupCodes } from './group-levels';
import { requireColumn, survivalRows } from './outcome';
import { refuseRepeatedIds } from './participant-id';
import { SMALL_EXPECTED, type SitesOptions, type SitesResult } from './sites';

function buildDesign(frame: DataFrame, options: SitesOptions, rows: Int32Array): ModelMatrix {
  try {
    return buildModelMatrix(frame, { covariates: options.covariates, categorical: options.categorical, reference: parseReferenceLevels(options.reference), strata: null }, rows);
  } catch (error) {
    if (error instanceof ModelMatrixError) throw new AnalysisError(error.message);
    throw error;
  }
}

/** Where a value lies against limits: below the lower, above the upper, or inside (null). */
function side(value: number | null, limits: FunnelLimits | null, level: '95' | '998'): 'above' | 'below' | null {
  if (value === null || limits === null) return null;
  if (value < limits[`lower${level}`]) return 'below';
  if (value > limits[`upper${level}`]) return 'above';
  return null;
}

function outsideLists(entries: { group: string; value: number | null; limits: FunnelLimits | null }[]): SitesResult['outsideLimits'] {
  const lists = { above95: [] as string[], below95: [] as string[], above998: [] as string[], below998: [] as string[] };
  for (const e of entries) {
    for (const level of ['95', '998'] as const) {
      const where = side(e.value, e.limits, level);
      if (where) lists[`${where}${level}`].push(e.group);
    }
  }
  return lists;
}

const list = (names: string[]) => names.map((g) => `"${g}"`).join(', ');

export function runSites(frame: DataFrame, options: SitesOptions): SitesResult {
  refuseRepeatedIds(frame, options.id, 'the site comparison');
  const groupColumn = requireColumn(frame, options.group, 'site');
  const extra = [groupColumn, ...options.covariates.map((name) => requireColumn(frame, name, 'covariate'))];
  const outcome = survivalRows(frame, options, extra);
  const n = outcome.rows.length;
  if (n === 0) throw new AnalysisError(`no rows with a usable time, event, site and covariates (${outcome.droppedMissing} rows had a missing value)`);
  const design = buildDesign(frame, options, outcome.rows);
  const time = aeqSurv(outcome.time);
  const status = outcome.status;
  let events = 0;
  for (let i = 0; i < n; i++) events += status[i];
  if (events === 0) throw new AnalysisError(`no relapses among the ${n} participants analysed: there is nothing to compare between sites`);
  if (n < 2) throw new AnalysisError('only one participant has a usable time, event, site and covariates: the case-mix model needs at least two');

  const fit = fitCox({ time, status, covariates: design.columns, ties: options.ties, timefix: false });
  if (fit.redundant.every(Boolean)) {
    throw new AnalysisError(`no covariate can be estimated: ${design.columnNames.join(', ')} ${design.columnNames.length > 1 ? 'are' : 'is'} constant or collinear in the rows analysed`);
  }
  const expected = expectedEvents({ time, status, linearPredictor: fit.linearPredictor, ties: options.ties });

  const groups = groupCodes(groupColumn, outcome.rows, options.levels);
  const k = groups.levels.length;
  const participants = new Float64Array(k);
  const observed = new Float64Array(k);
  const expectedBySite = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const g = groups.codes[i];
    participants[g]++;
    observed[g] += status[i];
    expectedBySite[g] += expected[i];
  }

  const warnings: AnalysisWarning[] = fit.warnings.map((w) => (w.code === 'singular' ? { code: w.code, message: `${design.columnNames.filter((_, j) => fit.redundant[j]).join(', ')}: collinear with the other covariates, left out of the case-mix model (R: NA).` } : w));
  if (outcome.droppedMissing > 0) {
    warnings.push({ code: 'rows-excluded', message: `${outcome.droppedMissing} rows were left out because the time, the event, a covariate or the site was missing.` });
  }

  const siteLimits: (FunnelLimits | null)[] = [];
  const sites = groups.levels.map((group, g) => {
    const interval = poissonRatioInterval(observed[g], expectedBySite[g], options.confLevel);
    const limits = poissonFunnelLimits(expectedBySite[g]);
    siteLimits.push(limits);
    return {
      group,
      participants: participants[g],
      observed: observed[g],
      expected: expectedBySite[g],
      ratio: interval.ratio,
      lower: interval.lower,
      upper: interval.upper,
      outside95: side(interval.ratio, limits, '95') !== null,
      outside998: side(interval.ratio, limits, '998') !== null,
    };
  });
  const outsideLimits = outsideLists(sites.map((s, g) => ({ group: s.group, value: s.ratio, limits: siteLimits[g] })));

  if (k === 1) warnings.push({ code: 'one-site', message: `All participants are at one site ("${groups.levels[0]}"): its expected relapses equal its observed, so its ratio is 1 by construction.` });
  const noRelapses = sites.filter((s) => s.observed === 0 && s.expected > 0).map((s) => s.group);
  if (noRelapses.length > 0) warnings.push({ code: 'site-without-relapses', message: `No relapses at ${list(noRelapses)}: the ratio is 0 and the lower end of its interval is 0.` });
  const noneExpected = sites.filter((s) => !(s.expected > 0)).map((s) => s.group);
  if (noneExpected.length > 0) warnings.push({ code: 'nothing-expected', message: `No relapses are expected at ${list(noneExpected)} (all follow-up ends before the first relapse): no ratio is given.` });
  const small = sites.filter((s) => s.expected > 0 && s.expected < SMALL_EXPECTED).map((s) => `"${s.group}" (${s.expected.toPrecision(2)})`);
  if (small.length > 0) warnings.push({ code: 'small-expected', message: `Fewer than ${SMALL_EXPECTED} relapse expected at ${small.join(', ')}: the ratio there is very imprecise.` });

  let largest = 0;
  for (const s of sites) if (s.expected > largest) largest = s.expected;

  const atDay = options.atDay === undefined ? null : relapseFreeAtDay(outcome.time, status, groups.codes, groups.levels, options.atDay, warnings);

  const names = design.columnNames;
  return {
    n,
    events,
    sites,
    limits: poissonFunnel(largest),
    outsideLimits,
    model: {
      coefficients: names.map((term, j) => {
        const coef = fit.redundant[j] ? NaN : fit.coefficients[j];
        return { term, coef: finiteOrNull(coef), hr: finiteOrNull(Math.exp(coef)) };
      }),
      converged: fit.converged,
    },
    atDay,
    ties: options.ties,
    confLevel: options.confLevel,
    excluded: outcome.droppedMissing,
    warnings,
  };
}

/**
 * The relapse-free proportion at `day` per site among participants whose status at the day is known
 * (relapse on or before it, or followed to it without relapse), with binomial funnel limits around
 * the overall proportion.
 */
function relapseFreeAtDay(time: Float64Array, status: Uint8Array, codes: Int32Array, levels: string[], day: number, warnings: AnalysisWarning[]): NonNullable<SitesResult['atDay']> {
  const k = levels.length;
  const known = new Float64Array(k);
  const relapseFree = new Float64Array(k);
  const censoredBefore = new Float64Array(k);
  for (let i = 0; i < time.length; i++) {
    const g = codes[i];
    if (status[i] === 1 && time[i] <= day) known[g]++;
    else if (time[i] >= day) {
      known[g]++;
      relapseFree[g]++;
    } else censoredBefore[g]++;
  }
  let totalKnown = 0;
  let totalFree = 0;
  let totalCensored = 0;
  for (let g = 0; g < k; g++) {
    totalKnown += known[g];
    totalFree += relapseFree[g];
    totalCensored += censoredBefore[g];
  }
  const overall = totalKnown > 0 ? totalFree / totalKnown : null;
  const siteLimits: (FunnelLimits | null)[] = [];
  const sites = levels.map((group, g) => {
    const proportion = known[g] > 0 ? relapseFree[g] / known[g] : null;
    const limits = overall === null ? null : binomialFunnelLimits(known[g], overall);
    siteLimits.push(limits);
    return {
      group,
      n: known[g],
      relapseFree: relapseFree[g],
      censoredBefore: censoredBefore[g],
      proportion,
      outside95: side(proportion, limits, '95') !== null,
      outside998: side(proportion, limits, '998') !== null,
    };
  });
  let largest = 0;
  for (const s of sites) if (s.n > largest) largest = s.n;

  // Every relapse on or before the day is a known status, and the analysis needs one relapse, so some
  // status is always known; a site can still have none.
  const unknownSites = sites.filter((s) => s.n === 0).map((s) => s.group);
  if (unknownSites.length > 0) warnings.push({ code: 'site-status-unknown', message: `At ${list(unknownSites)} every participant was censored before day ${day}: no proportion there.` });
  // Counts are whole, so a site where everyone is relapse-free (the largest count) always lies just above the
  // interpolated upper limit, however likely that is; named so that a reader can weigh it.
  const allFree = sites.filter((s, g) => s.proportion === 1 && side(1, siteLimits[g], '95') === 'above').map((s) => s.group);
  if (allFree.length > 0) {
    warnings.push({
      code: 'all-relapse-free',
      message: `At ${list(allFree)} every participant with a known status was relapse-free at day ${day}: the largest possible count always lies above the interpolated upper limit, so for a small site this says little.`,
    });
  }
  if (totalCensored > 0) {
    const heavy = sites.filter((s) => s.censoredBefore > 0 && s.censoredBefore >= 0.2 * (s.n + s.censoredBefore)).map((s) => s.group);
    warnings.push({
      code: 'censored-before-day',
      message: `${totalCensored} participants were censored before day ${day} and are left out of the proportions relapse-free${heavy.length > 0 ? `; at ${list(heavy)} they are 20% or more of the site` : ''}.`,
    });
  }
  return {
    day,
    overall,
    n: totalKnown,
    sites,
    limits: overall === null ? [] : binomialFunnel(largest, overall),
    outsideLimits: outsideLists(sites.map((s, g) => ({ group: s.group, value: s.proportion, limits: siteLimits[g] }))),
  };
}
