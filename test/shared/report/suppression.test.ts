import { describe, expect, test } from 'vitest';
import { countText, DisclosureLedger, foldBelow, foldedGroupsLabel, foldTinyGroups, isSmallCount, suppressCount } from '../../../shared/report/suppression';

describe('primary suppression', () => {
  test('counts from 1 to k − 1 become <k; zero stays 0; k and above stay', () => {
    expect(countText(suppressCount(10, 11))).toBe('<11');
    expect(countText(suppressCount(1, 11))).toBe('<11');
    expect(countText(suppressCount(0, 11))).toBe('0');
    expect(suppressCount(0, 5)).toEqual({ kind: 'count', value: 0 });
    expect(countText(suppressCount(11, 11))).toBe('11');
    expect(countText(suppressCount(250, 5))).toBe('250');
    expect(suppressCount(3, 5)).toEqual({ kind: 'suppressed', below: 5 });
  });

  test('k = 0 or 1 turns suppression off', () => {
    expect(isSmallCount(0, 0)).toBe(false);
    expect(countText(suppressCount(2, 0))).toBe('2');
    expect(countText(suppressCount(1, 1))).toBe('1');
  });
});

describe('secondary suppression (DisclosureLedger)', () => {
  test('a hidden part of a shown total hides one more part, the smallest positive one', () => {
    const ledger = new DisclosureLedger(5);
    const total = ledger.cell('n', 40);
    const a = ledger.cell('a', 3);
    const b = ledger.cell('b', 12);
    const c = ledger.cell('c', 25);
    const zero = ledger.cell('z', 0);
    ledger.sum('n', ['a', 'b', 'c', 'z']);
    ledger.resolve();
    expect(countText(a)).toBe('<5');
    expect(countText(b)).toBe('suppressed');
    expect(b).not.toHaveProperty('value');
    expect(total).toEqual({ kind: 'count', value: 40 });
    expect(c).toEqual({ kind: 'count', value: 25 });
    expect(zero).toEqual({ kind: 'count', value: 0 });
    expect(ledger.unresolved).toEqual([]);
  });

  test('a count printed nowhere but derivable (censored = n − events) is protected too', () => {
    const ledger = new DisclosureLedger(5);
    const n = ledger.cell('n', 30);
    const events = ledger.cell('events', 27);
    ledger.unshown('censored', 3);
    ledger.sum('n', ['events', 'censored']);
    ledger.resolve();
    expect(countText(events)).toBe('suppressed');
    expect(n).toEqual({ kind: 'count', value: 30 });
  });

  test('values a chart shows cannot be hidden, so the table cell is hidden instead; chains are followed', () => {
    // relapses = shown steps (fixed 20) + relapses after the curve stops (2, printed nowhere).
    const ledger = new DisclosureLedger(5);
    const relapses = ledger.cell('relapses', 22);
    const censored = ledger.cell('censored', 50);
    ledger.cell('participants', 72);
    ledger.fixed('steps', 20);
    ledger.unshown('tail', 2);
    ledger.sum('relapses', ['steps', 'tail']);
    ledger.sum('participants', ['relapses', 'censored']);
    ledger.resolve();
    // Hiding relapses alone would leave it = participants − censored, so censored goes too.
    expect(countText(relapses)).toBe('suppressed');
    expect(countText(censored)).toBe('suppressed');
  });

  test('two sums solved together are caught (not only a sum with one unknown)', () => {
    // x + y = 10 and x − y = 6 as x + y = 10, x = y + 6 − … expressed as sums: t1 = x + y, x = y + d.
    const ledger = new DisclosureLedger(5);
    ledger.cell('t1', 10);
    ledger.cell('d', 6);
    const x = ledger.cell('x', 8);
    ledger.unshown('y', 2);
    ledger.sum('t1', ['x', 'y']);
    ledger.sum('x', ['y', 'd']);
    ledger.resolve();
    // y is determined by t1 and d even with x hidden; something of each sum must go.
    expect(ledger.determined()).not.toContain('y');
    expect(countText(x)).toBe('suppressed');
  });

  test('the same key printed twice is one count, and registering it with two values is a bug', () => {
    const ledger = new DisclosureLedger(5);
    const a = ledger.cell('excluded', 3);
    const b = ledger.cell('excluded', 3);
    ledger.resolve();
    expect([countText(a), countText(b)]).toEqual(['<5', '<5']);
    expect(() => ledger.cell('excluded', 4)).toThrow(/registered as 3 and 4/);
  });

  test('off below k = 2: nothing is hidden', () => {
    const ledger = new DisclosureLedger(0);
    const a = ledger.cell('a', 1);
    ledger.resolve();
    expect(a).toEqual({ kind: 'count', value: 1 });
  });
});

describe('folding the tiny groups of a table of many groups (issue 15 item 6)', () => {
  const sizes = (n: number, size: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ group: `g${i}`, n: size(i) }));
  test('above 20 groups, those below the threshold are folded, in their order; 20 or fewer are all kept', () => {
    const many = sizes(21, (i) => (i % 3 === 0 ? 2 : 9));
    const { kept, folded } = foldTinyGroups(many, (g) => g.n, 5);
    expect(folded.map((g) => g.group)).toEqual(['g0', 'g3', 'g6', 'g9', 'g12', 'g15', 'g18']);
    expect(kept).toHaveLength(14);
    expect(foldTinyGroups(sizes(20, () => 1), (g) => g.n, 5)).toEqual({ kept: sizes(20, () => 1), folded: [] });
  });
  test('the threshold is k under suppression, otherwise 5; the row is named in words', () => {
    expect([foldBelow(11), foldBelow(5), foldBelow(3), foldBelow(0), foldBelow(1)]).toEqual([11, 5, 3, 5, 5]);
    expect(foldedGroupsLabel(30, 5)).toBe('30 other groups with fewer than 5 participants each');
    expect(foldedGroupsLabel(1, 11)).toBe('1 other group with fewer than 11 participants');
  });
});
