import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from '../../../shared/stats/cronbach-alpha';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { loadDataset } from '../../helpers/datasets';

const reference = JSON.parse(readFileSync(join(__dirname, '..', 'mapping', 'fixtures', 'factors.json'), 'utf8'));

describe('cronbachAlpha against base R (psych::alpha raw_alpha, r.drop, alpha.drop with use = "pairwise")', () => {
  it('addicts dose, prison, time with missing values (pairwise covariances)', () => {
    const addicts = loadDataset('addicts');
    const dose = Float64Array.from(addicts.num('dose'));
    const time = Float64Array.from(addicts.num('time'));
    for (const r of [3, 10, 50]) dose[r - 1] = NaN;
    for (const r of [10, 20]) time[r - 1] = NaN;
    const result = cronbachAlpha([dose, Float64Array.from(addicts.num('prison')), time]);
    const expected = reference.alphaAddictsRaw;
    expect(result.items).toBe(3);
    expectClose(result.alpha, expected.alpha, 'alpha');
    expectAllClose(result.itemTotalCorrelations, expected.itemTotalCorrelations, 'r.drop');
    expectAllClose(result.alphaIfDropped, expected.alphaIfDropped, 'alpha.drop');
    expectAllClose(Array.from(result.covariance), expected.covariance, 'covariance');
  });

  it('two items: r.drop is their correlation and alpha-if-dropped is undefined (null)', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5);
    const y = Float64Array.of(2, 1, 4, 3, 6);
    const result = cronbachAlpha([x, y]);
    // var x = 2.5, var y = 3.7, cov = 2.5: alpha = 2 (1 - 6.2 / 11.2), r.drop = cor(x, y)
    expectClose(result.alpha, 2 * (1 - 6.2 / 11.2), 'alpha');
    expectClose(result.itemTotalCorrelations[0], 2.5 / Math.sqrt(2.5 * 3.7), 'r.drop');
    expect(result.alphaIfDropped).toEqual([null, null]);
  });

  it('a constant item gives null where R gives NaN; a single item has no alpha', () => {
    const constant = cronbachAlpha([Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3)]);
    expect(constant.itemTotalCorrelations[0]).toBeNull();
    expect(cronbachAlpha([Float64Array.of(1, 2, 3)]).alpha).toBeNull();
  });
});
