/**
 * The cluster-robust log-rank test: R survival 3.5's robust score test of
 *   coxph(Surv(start, stop, event) ~ factor(group) [+ strata(s)], ties = "breslow", cluster = c)
 * (summary(fit)$robscore, fit$rscore; Lin & Wei 1989). The score residuals of the k - 1 indicators of
 * groups 2..k at beta = 0 (robust-variance.ts's scoreResiduals, agscore3 for (start, stop] rows) are
 * summed within clusters: U = their total (the observed minus expected events of groups 2..k), B = the
 * cross-product of the cluster sums, and
 *   chisq = U' B^- U on df = rank of B (a Cholesky generalized inverse, as coxph.wtest),
 * which allows for correlated rows (several intervals or relapses of a participant, participants of a
 * site) where the ordinary log-rank variance does not.
 *
 * With case weights (coxph(…, weights = w), whose default with a fractional weight is this test with each row
 * its own cluster) the residuals are the weighted ones times w_i (robust-variance.ts).
 *
 * The caller passes times already merged as R's timefix (coxph: aeqSurv of the Surv object) and, for
 * right-censored rows, a start before the first time.
 */
import { waldStatistic } from './cox';
import { chiSquareUpperTail } from './distributions';
import { scoreResiduals, sumWithinClusters } from './robust-variance';

export interface RobustLogRankInput {
  start: Float64Array;
  stop: Float64Array;
  status: Uint8Array;
  /** Group codes 0..nGroups-1. */
  group: Int32Array;
  nGroups: number;
  strata?: Int32Array | null;
  /** Cluster per row (any integers). */
  cluster: ArrayLike<number>;
  /** Case weights; absent: each row weighs 1. */
  weights?: Float64Array | null;
}

export interface RobustLogRank {
  chisq: number | null;
  df: number;
  p: number | null;
  clusters: number;
}

export function robustLogRank(input: RobustLogRankInput): RobustLogRank {
  const { group, nGroups } = input;
  const n = group.length;
  if (input.start.length !== n || input.stop.length !== n || input.status.length !== n || input.cluster.length !== n) {
    throw new Error('robustLogRank: start, stop, status, group and cluster differ in length');
  }
  const p = nGroups - 1;
  if (p < 1) return { chisq: null, df: 0, p: null, clusters: sumWithinClusters(new Float64Array(0), 0, input.cluster).clusters };
  const covariates = Array.from({ length: p }, (_, k) => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = group[i] === k + 1 ? 1 : 0;
    return x;
  });
  const residuals = scoreResiduals({
    start: input.start,
    stop: input.stop,
    status: input.status,
    covariates,
    strata: input.strata ?? null,
    linearPredictor: new Float64Array(n),
    ties: 'breslow',
    weights: input.weights,
  });
  if (input.weights) for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) residuals[i * p + k] *= input.weights[i];
  const { sums, clusters } = sumWithinClusters(residuals, p, input.cluster);
  const total = new Float64Array(p);
  const crossProduct = new Float64Array(p * p);
  for (let c = 0; c < clusters; c++) {
    for (let a = 0; a < p; a++) {
      const u = sums[c * p + a];
      total[a] += u;
      if (u !== 0) for (let b = 0; b < p; b++) crossProduct[a * p + b] += u * sums[c * p + b];
    }
  }
  const { statistic, df } = waldStatistic(crossProduct, total, p);
  if (!Number.isFinite(statistic) || df === 0) return { chisq: null, df, p: null, clusters };
  return { chisq: statistic, df, p: chiSquareUpperTail(statistic, df), clusters };
}
