/**
 * Real result-model slices for the chart tests, computed with the engine from the R reference datasets
 * (the same numbers `analyze km` returns; the engine itself is checked against R in test/shared/stats).
 */
import { kaplanMeierByGroup, kaplanMeierRows } from '../../../shared/stats/kaplan-meier';
import { cumulativeIncidence } from '../../../shared/stats/cumulative-incidence';
import { loadDataset } from '../../helpers/datasets';
import type { KmGroup } from '../../../presentation/charts/types';

/** addicts (Caplehorn 1991): days to leaving methadone maintenance, by clinic 1 / 2. */
export function addictsByClinic(): { groups: KmGroup[]; time: Float64Array; clinic: Float64Array } {
  const data = loadDataset('addicts');
  const time = data.num('time');
  const status = Uint8Array.from(data.num('status'));
  const clinic = data.num('clinic');
  const codes = Int32Array.from(clinic, (c) => c - 1);
  const curves = kaplanMeierByGroup(time, status, codes, 2);
  const groups = curves.map((curve, i) => ({
    group: String(i + 1),
    n: curve.n,
    events: curve.events,
    table: kaplanMeierRows(curve),
  }));
  return { groups, time, clinic };
}

/**
 * R 4.2.2, survival 3.5-3: summary(coxph(Surv(time, status) ~ factor(clinic) + prison + dose, addicts)),
 * exp(coef), lower .95, upper .95 and Pr(>|z|), named as `analyze cox` names the terms.
 */
export const addictsCoxHazardRatios = [
  { term: 'clinic=2', hr: 0.3642569064, hrLower: 0.2390526795, hrUpper: 0.5550370492, p: 2.606614283e-6 },
  { term: 'prison', hr: 1.386184442, hrLower: 0.9988010774, hrUpper: 1.923813812, p: 5.084446533e-2 },
  { term: 'dose', hr: 0.9652489474, hrLower: 0.9532560724, hrUpper: 0.9773927043, p: 2.944655874e-8 },
];

/** mgus2 (R survival): time to progression (cause 1) or death (cause 2), by sex, via the engine (cmprsk cuminc). */
export function mgus2IncidenceBySex() {
  const data = loadDataset('mgus2');
  const time = data.num('etime');
  const cause = Int32Array.from(data.num('event'));
  const sex = data.str('sex');
  const levels = ['F', 'M'];
  const group = Int32Array.from(sex, (s) => levels.indexOf(s));
  const curves = cumulativeIncidence(time, cause, 2, { group, nGroups: 2 });
  return curves.map((curve) => ({
    group: levels[curve.group],
    cause: String(curve.cause),
    points: Array.from(curve.time, (t, i) => ({ time: t, estimate: curve.estimate[i] })),
  }));
}

/**
 * R 4.2.2: Pearson cor.test for each pair of pbc's age, bili, albumin, protime (pairwise complete cases),
 * p.adjust(p, "holm"); the `analyze correlation` pairs (only the fields the heatmap reads).
 */
export const pbcCorrelationPairs = [
  { x: 'age', y: 'bili', n: 418, estimate: 0.002361889931, pAdjusted: 0.9616011476 },
  { x: 'age', y: 'albumin', n: 418, estimate: -0.1823499836, pAdjusted: 0.0005337613155 },
  { x: 'age', y: 'protime', n: 416, estimate: 0.1137603474, pAdjusted: 0.04059289941 },
  { x: 'bili', y: 'albumin', n: 418, estimate: -0.3141771115, pAdjusted: 2.99358298e-10 },
  { x: 'bili', y: 'protime', n: 416, estimate: 0.3148937375, pAdjusted: 2.99358298e-10 },
  { x: 'albumin', y: 'protime', n: 416, estimate: -0.2005919508, pAdjusted: 0.000150933254 },
];
