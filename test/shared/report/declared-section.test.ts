/**
 * A report section from a declared presentation (shared/report/declared-section.ts), on R's numbers:
 * `analyze rmst` of addicts by clinic up to day 365 and of lung by ph.ecog, whose ph.ecog 3 is one
 * participant (test/shared/stats/fixtures/rmst-difference.R, survRM2's rmst2).
 */
import { describe, expect, it } from 'vitest';
import { declaredSection } from '../../../shared/report/declared-section';
import { declaredTableCells } from '../../../shared/analyses/presentation';
import { rmstAnalysis, rmstOptionsSchema } from '../../../shared/analyses/rmst';
import { runRmst } from '../../../shared/analyses/rmst.run';
import { kmAnalysis } from '../../../shared/analyses/km';
import type { Block } from '../../../shared/report/model';
import type { AnalysisDeclaration } from '../../../shared/analyses/declaration';
import { expectClose } from '../../helpers/compare';
import { caseFrame, caseOptions, rmstCase } from '../stats/rmst-difference-fixture';

function run(name: string) {
  const c = rmstCase(name);
  const options = rmstOptionsSchema.parse(caseOptions(c));
  return { c, options, result: runRmst(caseFrame(c), options) };
}
const tables = (blocks: Block[]) => blocks.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');

describe('declaredSection', () => {
  it("addicts by clinic, tau 365, no suppression: the declared tables' cells, the sentences and the methods", () => {
    const { c, options, result } = run('addicts by clinic, tau 365');
    const section = declaredSection(rmstAnalysis, result, options, { minCell: 0 });
    expect(section.title).toBe('Restricted mean time free of relapse');
    const [groups, comparisons] = tables(section.blocks);
    expect([groups.id, comparisons.id]).toEqual(['table-rmst-groups', 'table-rmst-comparisons']);
    expect([groups.rows, comparisons.rows]).toEqual(declaredTableCells(rmstAnalysis.presentation!, result, options).map((t) => t.rows));
    expectClose((comparisons.rows[0][2] as { value: number }).value, c.doc.comparisons[0].difference, 'difference');
    expect(comparisons.footnotes).toEqual(['Each pair is the later group against the earlier one; the p-values are per pair, not adjusted for multiple comparisons.']);
    const summary = section.blocks.find((b) => b.kind === 'paragraph' && b.tone === 'summary');
    expect(summary && summary.kind === 'paragraph' && summary.parts[0]).toBe('Over the first ');
    expect(section.blocks.some((b) => b.kind === 'paragraph' && b.tone === 'note' && String(b.parts[0]).startsWith('The restricted mean time free of relapse'))).toBe(true);
  });

  it('lung by ph.ecog with k = 5: the one-participant group is "<5" without its estimates, its pairs withheld, no sentences', () => {
    const { options, result } = run('lung by ph.ecog (one missing, a one-row group)');
    const section = declaredSection(rmstAnalysis, result, options, { minCell: 5 });
    const [groups, comparisons] = tables(section.blocks);
    const three = groups.rows.find((row) => row[0].kind === 'text' && row[0].text === '3')!;
    expect(three.slice(1, 3)).toEqual([{ kind: 'suppressed', below: 5 }, { kind: 'suppressed', below: 5 }]);
    expect(three.slice(3).every((cell) => cell.kind === 'withheld')).toBe(true);
    // R's 63 participants of ph.ecog 0 stay shown.
    expect(groups.rows[0].slice(0, 2)).toEqual([{ kind: 'text', text: '0' }, { kind: 'count', value: 63 }]);
    for (const row of comparisons.rows) {
      const names = [row[0], row[1]].map((cell) => (cell as { text: string }).text);
      const withheld = row.slice(2).every((cell) => cell.kind === 'withheld');
      expect(withheld, names.join(' vs ')).toBe(names.includes('3'));
    }
    expect(section.blocks.some((b) => b.kind === 'paragraph' && b.tone === 'summary')).toBe(false);
    expect(section.blocks.some((b) => b.kind === 'paragraph' && String(b.parts[0]).startsWith('Rows with a count below 5'))).toBe(true);
  });

  it('refuses a declaration without a presentation', () => {
    expect(() => declaredSection(kmAnalysis as AnalysisDeclaration, {}, {}, { minCell: 0 })).toThrow('km has no declared presentation');
  });
});
