/**
 * Single-event analyses given --id refuse data with repeated participants, in one line that says where
 * and what to do instead; with one row per participant they run exactly as without --id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalysis } from '../../../shared/analyses/run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { refuseRepeatedIds } from '../../../shared/analyses/participant-id';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { PROJECT_ROOT } from '../../helpers/run-cli';

const heart = frameFromCsv(readFileSync(join(PROJECT_ROOT, 'test/fixtures/data/heart.csv'), 'utf8'));
const addicts = frameFromCsv(readFileSync(join(PROJECT_ROOT, 'test/fixtures/data/addicts.csv'), 'utf8'));

const heartRequests: [string, Record<string, unknown>][] = [
  ['km', { time: 'stop', event: 'event', id: 'id' }],
  ['logrank', { time: 'stop', event: 'event', group: 'surgery', id: 'id' }],
  ['cox', { time: 'stop', event: 'event', covariates: ['age', 'surgery', 'transplant'], id: 'id' }],
  ['cuminc', { time: 'stop', event: 'event', id: 'id' }],
];

describe('single-event analyses refuse repeated participant ids', () => {
  for (const [analysis, options] of heartRequests) {
    it(`${analysis} on R's heart data (103 participants in 172 rows)`, () => {
      let error: unknown;
      try {
        runAnalysis(analysis, heart, options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AnalysisError);
      const message = (error as Error).message;
      // heart rows 3 and 4 are participant 3's two intervals (0, 1] and (1, 16]; 69 ids have two rows.
      expect(message).toMatch(/^id column "id": participant "3" is in data rows 3 and 4; 69 ids occur more than once, but .* takes one row per participant; .*analyze recurrent --start COL --time COL --id COL.*one row per participant$/);
      expect(message).not.toMatch(/\n/);
    });
  }

  it('runs unchanged when each participant has one row', () => {
    const withId = runAnalysis('km', addicts, { time: 'time', event: 'status', group: 'clinic', id: 'id' });
    const without = runAnalysis('km', addicts, { time: 'time', event: 'status', group: 'clinic' });
    expect(withId.result).toEqual(without.result);
  });

  it('names an id column that is not in the data', () => {
    expect(() => refuseRepeatedIds(addicts, 'pid', 'the Kaplan–Meier analysis')).toThrow(/id column "pid" is not in the data/);
  });
});
