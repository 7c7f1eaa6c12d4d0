/**
 * The report model with rows the user left out in the Mapping step (issue 15 item 1: 'recorded in the
 * audit log and the report's provenance'): prepareAnalysisData counts them apart from the rule's reasons,
 * and the methods text says how many and why, with their data rows.
 */
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../shared/mapping/format';
import { methodsBlocks } from '../../../shared/report/methods';
import { defaultReportSettings, planAnalyses, prepareAnalysisData } from '../../../shared/report/plan';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const frame = frameFromCsv(
  [
    'pid,intake,relapse_date,last_contact,relapsed,employed',
    'P1,2024-01-10,2024-02-10,,1,1',
    'P2,2024-01-10,,2024-06-01,0,0',
    'P3,2024-02-01,2024-01-20,,1,1', // relapse before intake
    'P4,2024-02-01,,,0,0', // no end date
    'P5,2024-03-01,2024-03-15,,1,0',
    'P6,2024-03-01,,2024-02-15,0,1', // last contact before intake
    'P7,2024-01-01,2024-01-01,,1,1',
    'P8,2024-01-05,,2024-09-01,,0', // event missing
  ].join('\n'),
);
const base: Mapping = {
  id: 'pid',
  outcome: { start: 'intake', end: 'relapse_date', censorEnd: 'last_contact', event: 'relapsed', eventValues: [1] },
  groups: [],
  factors: { coping_skills: [{ column: 'employed', direction: 'protective' }] },
};

describe('rows left out by the user in the report model', () => {
  it('are counted apart: 2 backward rows by the user, 1 missing follow-up and 1 missing event by the rule', () => {
    const mapping: Mapping = { ...base, excludeRows: [{ reason: 'end-before-start', rows: [3, 6] }] };
    const { frame: analysed, exclusions } = prepareAnalysisData(frame, mapping);
    expect(exclusions).toEqual({ rows: 8, missingTime: 1, negativeTime: 0, missingEvent: 1, excluded: 4, analysed: 4, leftOutByUser: [{ reason: 'end-before-start', count: 2 }] });
    expect(analysed.nRows).toBe(4);
    // without the exclusion the backward rows are the rule's negative times
    expect(prepareAnalysisData(frame, base).exclusions).toEqual({ rows: 8, missingTime: 1, negativeTime: 2, missingEvent: 1, excluded: 4, analysed: 4 });
  });

  it('the methods say how many rows the user left out, why, and which', () => {
    const mapping: Mapping = { ...base, excludeRows: [{ reason: 'end-before-start', rows: [3, 6] }, { reason: 'missing-time', rows: [4] }] };
    const settings = defaultReportSettings();
    const { exclusions } = prepareAnalysisData(frame, mapping);
    const blocks = methodsBlocks({ mapping, settings, plan: planAnalyses(mapping, settings), exclusions, minCell: 0 });
    const text = blocks
      .filter((b) => b.kind === 'paragraph')
      .map((b) => (b as { parts: unknown[] }).parts.map((p) => (typeof p === 'string' ? p : String((p as { value?: number; text?: string }).value ?? (p as { text?: string }).text))).join(''))
      .find((t) => t.startsWith('Exclusions and missing data'));
    expect(text).toBe(
      'Exclusions and missing data: of 8 rows, 4 were left out before every analysis because the follow-up time was missing (0) or negative (0) or the event was missing (1), or were left out by the user in the Mapping step (recorded in the mapping and the project\'s audit log): 2 because of end date before the start date (data rows 3, 6) and 1 because of follow-up time missing (data row 4). Each analysis then used the complete cases for its own variables (a row with a missing group value is left out of that group comparison; the factor model uses the rows with every factor score), and its section states how many rows it left out. Missing values were not imputed.',
    );
  });
});
