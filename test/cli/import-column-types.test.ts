/**
 * `import FILE --project P --type COL=TYPE,...`: the user's type for a column in place of the inferred one
 * (issue 15 item 1), as in the app's preview; the rest of the import contract is unchanged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectJsonSuccess, expectOneLineError } from './contract';

let dir: string;
let csv: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-types-'));
  csv = join(dir, 'codes.csv');
  writeFileSync(csv, 'id,clinic,visit\n1,007,02/03/2020\n2,012,25/12/2020\n3,120,unknown\n4,007,31/01/2021\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import --type', () => {
  it('reads clinic as text (leading zeros kept) and visit as dates, naming the value that is not a date', async () => {
    const run = await runCli(['import', csv, '--project', join(dir, 'p.sqlite'), '--type', 'clinic=text,visit=date', '--json']);
    const { dataset } = expectJsonSuccess(run, 'import --type');
    expect(dataset.columns[1]).toMatchObject({ name: 'clinic', type: 'text', invalid: 0 });
    expect(dataset.columns[2]).toMatchObject({ name: 'visit', type: 'date', dateFormat: 'DMY', invalid: 1, invalidExamples: [{ line: 4, value: 'unknown' }] });
    expect(dataset.decisions.columnTypes).toEqual({ clinic: 'text', visit: 'date' });
  });

  it('refuses an unknown type in one line', async () => {
    const run = await runCli(['import', csv, '--project', join(dir, 'q.sqlite'), '--type', 'clinic=string']);
    expect(expectOneLineError(run, 'import --type clinic=string')).toContain('--type clinic=string: write COLUMN=TYPE with TYPE one of integer, number, date, boolean, categorical, text');
  });
});
