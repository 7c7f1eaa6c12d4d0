/**
 * The user-facing errors (shared/errors.ts): whatever the message was built from, the user sees one
 * line (the CLI prints it as is, the views in one alert), and the kinds stay apart for the callers
 * that tell a cancel from a refusal from a crash.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisError, CancelledError, UserFacingError } from '../../shared/errors';

describe('UserFacingError', () => {
  it('folds a message of several lines into one, each break and the blanks around it becoming one space', () => {
    const error = new UserFacingError('data.csv: line 4:\n  the value "x" is not a number\r\n\r\n  fix the file ');
    expect(error.message).toBe('data.csv: line 4: the value "x" is not a number fix the file ');
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('keeps a one-line message as written, and the location given', () => {
    const error = new UserFacingError('data.csv: line 2: a ragged row', { file: 'data.csv', line: 2, column: 'dose' });
    expect(error.message).toBe('data.csv: line 2: a ragged row');
    expect(error.location).toEqual({ file: 'data.csv', line: 2, column: 'dose' });
    expect(error.name).toBe('UserFacingError');
    expect(error).toBeInstanceOf(Error);
  });
});

describe('the kinds', () => {
  it('a cancel and an analysis refusal are user-facing errors, told apart by class and name', () => {
    const cancelled = new CancelledError('import cancelled;\nnothing was changed', { file: 'big.csv' });
    const refused = new AnalysisError('column "time"\nis missing');
    expect(cancelled).toBeInstanceOf(UserFacingError);
    expect(refused).toBeInstanceOf(UserFacingError);
    expect(refused).not.toBeInstanceOf(CancelledError);
    expect(cancelled.name).toBe('CancelledError');
    expect(refused.name).toBe('AnalysisError');
    expect(cancelled.message).toBe('import cancelled; nothing was changed');
    expect(refused.message).toBe('column "time" is missing');
    expect(cancelled.location).toEqual({ file: 'big.csv' });
  });

  it('an ordinary Error is not user-facing (the CLI and main treat it as a crash)', () => {
    expect(new Error('boom')).not.toBeInstanceOf(UserFacingError);
  });
});
