/**
 * The reference values of fixtures/weights.R (R survfit, coxph and the score test with case weights)
 * and the comparisons of `analyze km|cox|logrank --weights` results or CLI documents with them, shared
 * by the declaration tests (weights.test.ts) and the CLI contract test (test/cli/weights.test.ts).
 */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { kmResultSchema, type KmResult } from '../../../shared/analyses/km';
import { expectClose } from '../../helpers/compare';
import { list, type RCurve } from './start-stop-km-logrank-fixture';

const here = dirname(fileURLToPath(import.meta.url));
export const weightsFixture = JSON.parse(readFileSync(join(here, 'fixtures', 'weights.json'), 'utf8'));
/** The data of the fixture: R's data set with weight columns wi, wf, wp, or the edge data. */
export const weightsCsvPath = (name: string) => join(here, 'fixtures', `weights-${name}.csv`);

export interface RWeightedKmCase {
  times: number[] | number;
  tau: number;
  excluded: number;
  robust: boolean;
  curves: (RCurve & { followUp: (number | null)[] })[];
}

/** An `analyze km --weights` result equals R's case `name`, field for field. */
export function expectWeightedKmLikeR(result: KmResult, name: string) {
  const r: RWeightedKmCase = weightsFixture.km[name];
  expect(() => kmResultSchema.parse(result)).not.toThrow();
  expect(result.excluded, `${name} excluded`).toBe(r.excluded);
  expect(result.weights?.robust, `${name} robust`).toBe(r.robust);
  expect(result.groups).toHaveLength(r.curves.length);
  result.groups.forEach((g, k) => {
    const c = r.curves[k];
    const label = `${name} ${g.group}`;
    expect(g.n, `${label} n`).toBe(c.records);
    expectClose(g.events, c.events, `${label} events`);
    expect(g.table.map((row) => row.time), `${label} times`).toEqual(list(c.time));
    g.table.forEach((row, j) => {
      expectClose(row.nRisk, list(c.nRisk)[j], `${label} nRisk ${j}`);
      expectClose(row.nEvent, list(c.nEvent)[j], `${label} nEvent ${j}`);
      expectClose(row.nCensor, list(c.nCensor)[j], `${label} nCensor ${j}`);
      expectClose(row.survival, list(c.survival)[j], `${label} survival ${j}`);
      expectClose(row.stdErr, list(c.stdErr)[j], `${label} stdErr ${j}`);
      expectClose(row.lower, list(c.lower)[j], `${label} lower ${j}`);
      expectClose(row.upper, list(c.upper)[j], `${label} upper ${j}`);
      expectClose(row.cumHaz, list(c.cumHaz)[j], `${label} cumHaz ${j}`);
      expectClose(row.cumHazStdErr, list(c.cumHazStdErr)[j], `${label} cumHazStdErr ${j}`);
    });
    expectClose(g.median.estimate, c.median[0], `${label} median`);
    expectClose(g.median.lower, c.median[1], `${label} median lower`);
    expectClose(g.median.upper, c.median[2], `${label} median upper`);
    g.quantiles.forEach((q, i) => {
      expectClose(q.estimate, c.quantiles.estimate[i], `${label} quantile ${q.p}`);
      expectClose(q.lower, c.quantiles.lower[i], `${label} quantile ${q.p} lower`);
      expectClose(q.upper, c.quantiles.upper[i], `${label} quantile ${q.p} upper`);
    });
    const at = c.at;
    expect(g.atTimes.map((a) => a.time), `${label} at times`).toEqual(list(at.time));
    g.atTimes.forEach((a, i) => {
      expectClose(a.nRisk, list(at.nRisk)[i], `${label} at ${a.time} nRisk`);
      expectClose(a.nEvent, list(at.nEvent)[i], `${label} at ${a.time} nEvent`);
      expectClose(a.nCensor, list(at.nCensor)[i], `${label} at ${a.time} nCensor`);
      expectClose(a.survival, list(at.survival)[i], `${label} at ${a.time} survival`);
      expectClose(a.stdErr, list(at.stdErr)[i], `${label} at ${a.time} stdErr`);
      expectClose(a.lower, list(at.lower)[i], `${label} at ${a.time} lower`);
      expectClose(a.upper, list(at.upper)[i], `${label} at ${a.time} upper`);
    });
    expect(g.rmst.tau).toBe(r.tau);
    expectClose(g.rmst.estimate, c.rmean[0], `${label} rmean`);
    expectClose(g.rmst.stdErr, c.rmean[1], `${label} se(rmean)`);
    expectClose(g.followUp.estimate, c.followUp[0], `${label} follow-up median`);
    expectClose(g.followUp.lower, c.followUp[1], `${label} follow-up lower`);
    expectClose(g.followUp.upper, c.followUp[2], `${label} follow-up upper`);
  });
}
