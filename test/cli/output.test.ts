/**
 * cli/output.ts's output files: written atomically (a new file renamed over the old one, never the old
 * one truncated and rewritten in place), one-line errors naming the file, folders made level by level.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeOutputFolder, writeOutputFile } from '../../cli/output';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-output-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeOutputFile', () => {
  it('replaces a report by renaming a complete new file over it, never rewriting the old one in place', () => {
    const report = join(dir, 'report.html');
    writeFileSync(report, '<p>old</p>');
    const before = statSync(report).ino;
    writeOutputFile(report, '<p>new</p>', 'report');
    expect(readFileSync(report, 'utf8')).toBe('<p>new</p>');
    expect(statSync(report).ino).not.toBe(before); // a new file took the old one's name
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('a failure is one line naming the file and the cause, and leaves nothing behind', () => {
    makeOutputFolder(join(dir, 'a', 'b'));
    expect(() => writeOutputFile(join(dir, 'a', 'b'), 'x', 'analysis export')).toThrow(`${join(dir, 'a', 'b')}: cannot write the analysis export (it is a folder)`);
    expect(() => writeOutputFile(join(dir, 'missing', 'r.html'), 'x', 'report')).toThrow(`${join(dir, 'missing', 'r.html')}: cannot write the report (its folder does not exist)`);
    expect(readdirSync(dir)).toEqual(['a']);
    expect(readdirSync(join(dir, 'a'))).toEqual(['b']);
  });
});
