/**
 * The cluster-robust log-rank test (shared/stats/log-rank-robust.ts) against R's robust score test of
 * coxph(Surv(start, stop, event) ~ factor(group), ties = "breslow", cluster = id) (summary(fit)$robscore;
 * test/shared/analyses/fixtures/start-stop-km-logrank.R). The declaration's cases (strata, a cluster by
 * site, right-censored rows) are in test/shared/analyses/logrank-start-stop.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { robustLogRank } from '../../../shared/stats/log-rank-robust';
import { mergeCountingTimes } from '../../../shared/stats/kaplan-meier-counting';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(join(here, '..', 'analyses', 'fixtures', 'start-stop-km-logrank.json'), 'utf8'));
const heart = frameFromCsv(readFileSync(join(here, '..', '..', 'fixtures', 'data', 'heart.csv'), 'utf8'));
const column = (name: string) => (heart.columns.find((c) => c.name === name) as { values: Float64Array }).values;

describe('robustLogRank', () => {
  it('heart by surgery clustered by id equals R', () => {
    const r = fixture.logrankRobust['heart-surgery-cluster-id'];
    const { start, stop } = mergeCountingTimes(column('start'), column('stop'));
    const test = robustLogRank({ start, stop, status: Uint8Array.from(column('event')), group: Int32Array.from(column('surgery')), nGroups: 2, cluster: column('id') });
    expect(test.clusters).toBe(103);
    expect(test.df).toBe(1);
    expectClose(test.chisq, r.chisq, 'chisq');
    expectClose(test.p, r.p, 'p');
  });
  it('one group: no test', () => {
    const test = robustLogRank({ start: Float64Array.of(0, 0), stop: Float64Array.of(1, 2), status: Uint8Array.of(1, 1), group: Int32Array.of(0, 0), nGroups: 1, cluster: [1, 2] });
    expect(test).toEqual({ chisq: null, df: 0, p: null, clusters: 2 });
  });
});
