/**
 * The --method iptw cases of fixtures/adjusted.R as engine inputs: the complete cases R used (rows with a
 * missing covariate left out), the design (intercept, then the case-mix columns, as R's model.matrix), the
 * group indicator, and R's results.
 */
import { buildModelMatrix } from '../../../shared/analyses/model-matrix';
import { groupCodes } from '../../../shared/analyses/group-levels';
import { survivalRows, requireColumn } from '../../../shared/analyses/outcome';
import { aeqSurv } from '../../../shared/stats/timefix';
import { adjustedFixture, asArray, caseFrame, type IptwCase } from '../analyses/adjusted-cases';

export interface IptwEngineCase {
  c: IptwCase;
  time: Float64Array;
  status: Uint8Array;
  design: Float64Array[];
  treated: Uint8Array;
  group: Int32Array;
}

export function iptwEngineCase(id: string): IptwEngineCase {
  const c = adjustedFixture.iptw.find((x) => x.id === id);
  if (!c) throw new Error(`no iptw case ${id}`);
  const frame = caseFrame(c);
  const covariates = asArray(c.covariates);
  const extra = [requireColumn(frame, c.group, 'group'), ...covariates.map((name) => requireColumn(frame, name, 'covariate'))];
  const outcome = survivalRows(frame, { time: c.time, event: c.event }, extra);
  const matrix = buildModelMatrix(frame, { covariates, categorical: asArray(c.categorical), strata: null }, outcome.rows);
  const groups = groupCodes(extra[0], outcome.rows);
  const n = outcome.rows.length;
  return {
    c,
    time: aeqSurv(outcome.time),
    status: outcome.status,
    design: [new Float64Array(n).fill(1), ...matrix.columns],
    treated: Uint8Array.from(groups.codes, (g) => (g === 1 ? 1 : 0)),
    group: groups.codes,
  };
}

export const IPTW_CASE_IDS = adjustedFixture.iptw.map((c) => c.id);
/** The cases with two groups (glm's logistic model). */
export const TWO_GROUP_IDS = adjustedFixture.iptw.filter((c) => c.r.curves.length === 2).map((c) => c.id);
/** The cases with more groups (the multinomial model). */
export const MANY_GROUP_IDS = adjustedFixture.iptw.filter((c) => c.r.curves.length > 2).map((c) => c.id);
