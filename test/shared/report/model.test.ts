/**
 * The report's section lists (shared/report/model.ts): which sections fit data of one row per participant
 * and which fit several rows per participant (episodes or intervals), as the Report step offers them and
 * buildReportModel keeps them.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SECTION_ORDER, ONE_ROW_SECTIONS, SEVERAL_ROWS_SECTIONS, sectionFitsRows } from '../../../shared/report/model';

describe('sectionFitsRows', () => {
  it('one row per participant: every section but the repeated relapses', () => {
    expect(DEFAULT_SECTION_ORDER.filter((id) => sectionFitsRows(id, false))).toEqual(['notes', 'overview', 'groups', 'factors', 'sites', 'competing', 'correlation', 'methods', 'provenance', 'mapping']);
    expect(sectionFitsRows('group:clinic', false)).toBe(true);
  });

  it('several rows per participant: the repeated relapses and the sections about the report itself', () => {
    expect(DEFAULT_SECTION_ORDER.filter((id) => sectionFitsRows(id, true))).toEqual(['notes', 'recurrent', 'methods', 'provenance', 'mapping']);
    expect(sectionFitsRows('group:clinic', true)).toBe(false);
  });

  it('the two lists are disjoint and name only known sections', () => {
    expect(ONE_ROW_SECTIONS.filter((id) => SEVERAL_ROWS_SECTIONS.includes(id))).toEqual([]);
    for (const id of [...ONE_ROW_SECTIONS, ...SEVERAL_ROWS_SECTIONS]) expect(DEFAULT_SECTION_ORDER as readonly string[]).toContain(id);
  });
});
