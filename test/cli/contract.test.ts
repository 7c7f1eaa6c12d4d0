/** The field-for-field comparator of the CLI contract tests must be able to fail. */
import { describe, expect, it } from 'vitest';
import { documentMismatches } from './contract';

describe('documentMismatches', () => {
  const reference = { chisq: 27.89267906, df: 1, groups: [{ group: '1', n: 163, median: { estimate: null } }] };

  it('accepts equal documents, extra fields and differences below 1e-6', () => {
    const ours = { chisq: 27.89267906 * (1 + 5e-7), df: 1, extra: 'ok', groups: [{ group: '1', n: 163, median: { estimate: null, more: 1 } }] };
    expect(documentMismatches(ours, reference)).toEqual([]);
  });

  it('reports a relative difference above 1e-6, a number for null, a wrong label, a missing field and a wrong length', () => {
    expect(documentMismatches({ ...reference, chisq: 27.89267906 * (1 + 2e-6) }, reference)).toHaveLength(1);
    expect(documentMismatches({ ...reference, groups: [{ group: '1', n: 163, median: { estimate: 428 } }] }, reference)[0]).toMatch(/median\.estimate/);
    expect(documentMismatches({ ...reference, groups: [{ group: 1, n: 163, median: { estimate: null } }] }, reference)[0]).toMatch(/group/);
    expect(documentMismatches({ chisq: reference.chisq, groups: reference.groups }, reference)).toEqual(['$.df: missing']);
    expect(documentMismatches({ ...reference, groups: [] }, reference)).toEqual(['$.groups: expected 1 items, got 0']);
    expect(documentMismatches({ ...reference, df: '1' }, reference)).toHaveLength(1);
  });
});
