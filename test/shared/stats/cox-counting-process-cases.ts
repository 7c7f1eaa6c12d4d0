/**
 * The counting-process Cox cases of fixtures/cox-counting-process.R, as engine inputs: the data sets of
 * test/fixtures/data (heart, cgd, bladder2) and the inline edge cases of the fixture, with the design
 * built as R builds it (cgd's treat and sex as 0/1 indicators of rIFN-g and female).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadDataset } from '../../helpers/datasets';
import type { CoxTies } from '../../../shared/stats/cox';

export interface RCoxCase {
  coefficients: number[];
  names: string[];
  variance: number[];
  standardErrors: number[];
  logLik: number[];
  iterations: number;
  means: number[];
  linearPredictors: number[];
  n: number;
  events: number;
  scoreTest: number[];
  likelihoodRatioTest: number[];
  waldTest: number[];
  robustVariance?: number[];
  robustStandardErrors?: number[];
  robustScoreTest?: number[];
  /** summary.coxph's coefficient table (p rows of coef, exp(coef), se, [robust se,] z, p), row-major. */
  summaryCoefficients?: number[];
  /** summary.coxph's conf.int (p rows of exp(coef), exp(-coef), lower, upper), row-major. */
  confInt?: number[];
}

const asArray = (v: unknown): number[] => (Array.isArray(v) ? (v as unknown[]).flat(2) as number[] : [v as number]);

const raw = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cox-counting-process.json'), 'utf8'));

export const fixture = {
  cases: Object.fromEntries(
    Object.entries(raw.cases as Record<string, Record<string, unknown>>).map(([id, c]) => [
      id,
      Object.fromEntries(Object.entries(c).map(([k, v]) => [k, ['iterations', 'n', 'events'].includes(k) ? v : k === 'names' ? (Array.isArray(v) ? v : [v]) : asArray(v)])) as unknown as RCoxCase,
    ]),
  ) as Record<string, RCoxCase>,
  edge: raw.edge as Record<string, number[]>,
  near: raw.near as Record<string, number[]>,
  zeroLengthWarning: raw.zeroLengthWarning as string,
};

export interface CountingCase {
  id: string;
  start: Float64Array;
  stop: Float64Array;
  status: Uint8Array;
  covariates: Float64Array[];
  strata: Int32Array | null;
  cluster: Int32Array | null;
  ties: CoxTies;
}

const indicator = (values: string[], level: string) => Float64Array.from(values, (v) => (v === level ? 1 : 0));

export function countingCases(): CountingCase[] {
  const heart = loadDataset('heart');
  const cgd = loadDataset('cgd');
  const bladder = loadDataset('bladder2');
  const status = (v: Float64Array) => Uint8Array.from(v, (x) => (x === 1 ? 1 : 0));
  const ints = (v: ArrayLike<number>) => Int32Array.from(v);
  const cases: CountingCase[] = [];
  for (const ties of ['efron', 'breslow'] as const) {
    cases.push({ id: `heart-${ties}`, start: heart.num('start'), stop: heart.num('stop'), status: status(heart.num('event')),
      covariates: [heart.num('age'), heart.num('surgery'), heart.num('transplant')], strata: null, cluster: null, ties });
    cases.push({ id: `heart-strata-${ties}`, start: heart.num('start'), stop: heart.num('stop'), status: status(heart.num('event')),
      covariates: [heart.num('age'), heart.num('transplant')], strata: ints(heart.num('surgery')), cluster: null, ties });
    cases.push({ id: `cgd-${ties}`, start: cgd.num('tstart'), stop: cgd.num('tstop'), status: status(cgd.num('status')),
      covariates: [indicator(cgd.str('treat'), 'rIFN-g'), indicator(cgd.str('sex'), 'female'), cgd.num('age')], strata: null, cluster: ints(cgd.num('id')), ties });
    const bladderX = [bladder.num('rx'), bladder.num('number'), bladder.num('size')];
    const enumCodes = ints(bladder.num('enum'));
    cases.push({ id: `bladder2-ag-${ties}`, start: bladder.num('start'), stop: bladder.num('stop'), status: status(bladder.num('event')),
      covariates: bladderX, strata: null, cluster: ints(bladder.num('id')), ties });
    cases.push({ id: `bladder2-pwp-total-${ties}`, start: bladder.num('start'), stop: bladder.num('stop'), status: status(bladder.num('event')),
      covariates: bladderX, strata: enumCodes, cluster: ints(bladder.num('id')), ties });
    const gap = Float64Array.from(bladder.num('stop'), (s, i) => s - bladder.num('start')[i]);
    cases.push({ id: `bladder2-pwp-gap-${ties}`, start: new Float64Array(gap.length), stop: gap, status: status(bladder.num('event')),
      covariates: bladderX, strata: enumCodes, cluster: ints(bladder.num('id')), ties });
    const e = fixture.edge;
    cases.push({ id: `edge-${ties}`, start: Float64Array.from(e.start), stop: Float64Array.from(e.stop), status: Uint8Array.from(e.event),
      covariates: [Float64Array.from(e.x), Float64Array.from(e.z)], strata: null, cluster: ints(e.id), ties });
  }
  // The near-tie data as the R script writes them (JSON keeps 15 digits, which would turn 0.1 + 0.2 into 0.3).
  const near = fixture.near;
  const nearStart = Float64Array.from(near.start);
  const nearStop = Float64Array.from(near.stop);
  nearStart[1] = 0.1 + 0.2;
  nearStop[0] = 0.1 + 0.2;
  cases.push({ id: 'near-ties-efron', start: nearStart, stop: nearStop, status: Uint8Array.from(near.event),
    covariates: [Float64Array.from(near.x)], strata: null, cluster: null, ties: 'efron' });
  return cases;
}
