/**
 * The comparison with R's reference values must be able to fail: a missing field, a number where R has
 * NA, NaN where R has a number, arrays of other lengths, and a relative difference above 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectClose } from './compare';

describe('expectClose against R', () => {
  it('passes equal numbers, numbers within 1e-6 relative, and NA met by null or NaN', () => {
    expect(() => expectClose(1.0000005, 1)).not.toThrow();
    expect(() => expectClose(null, null)).not.toThrow();
    expect(() => expectClose(NaN, null)).not.toThrow();
    expect(() => expectClose(1e-12, 0)).not.toThrow();
  });
  it('fails a missing field, even where R has NA', () => {
    expect(() => expectClose(undefined, 0.5, 'se')).toThrow(/se: the field is missing/);
    expect(() => expectClose(undefined, null, 'upper')).toThrow(/upper: the field is missing/);
  });
  it('fails a number where R has NA, NaN where R has a number, and a difference above 1e-6', () => {
    expect(() => expectClose(0.3, null)).toThrow();
    expect(() => expectClose(NaN, 0.3)).toThrow();
    expect(() => expectClose(1.00001, 1)).toThrow(/rel diff 1\.00e-5/);
  });
  it('checks the lengths of arrays', () => {
    expect(() => expectAllClose([1, 2], [1, 2, 3], 'surv')).toThrow(/surv: length/);
    expect(() => expectAllClose([1, 2, 3], [1, 2, 3])).not.toThrow();
  });
});
