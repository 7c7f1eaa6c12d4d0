// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { lowess } from '../../../presentation/charts/lowess';
import { expectAllClose } from '../../helpers/compare';

interface LowessCase {
  name: string;
  x: number[];
  y: number[];
  span: number;
  iterations: number;
  delta: number;
  fittedX: number[];
  fittedY: number[];
}

const cases: LowessCase[] = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'lowess.json'), 'utf8'),
);

describe('lowess matches R stats::lowess (fixtures/lowess.R)', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const fit = lowess(c.x, c.y, { span: c.span, iterations: c.iterations, delta: c.delta });
    expect(Array.from(fit.x)).toEqual(c.fittedX);
    expectAllClose(fit.y, c.fittedY, c.name);
  });

  test('R defaults (f = 2/3, iter = 3, delta = 1% of the range) are the defaults', () => {
    const c = cases[0];
    expectAllClose(lowess(c.x, c.y).y, c.fittedY, 'defaults');
  });

  test('one point is returned as it is', () => {
    expect(Array.from(lowess([2], [5]).y)).toEqual([5]);
  });
});
