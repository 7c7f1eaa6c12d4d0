/**
 * The import job as the app runs it (executeJob, what the worker thread calls): an import that fails
 * or is cancelled leaves no project file behind when the job would have created it, and never removes
 * an existing project.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeJob } from '../../../node/jobs/execute';
import { openProject } from '../../../node/store';
import { UserFacingError } from '../../../shared/errors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'execute-job-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const noProgress = () => undefined;

async function importJob(csvPath: string, projectPath: string, signal = new AbortController().signal, options = {}) {
  return executeJob({ kind: 'import', projectPath, csvPath, options }, noProgress, signal);
}

async function expectRefusal(promise: Promise<unknown>, pattern: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  expect((error as Error).message).toMatch(pattern);
}

describe('executeJob import', () => {
  it('creates no project file when the CSV is missing, a folder, empty or has no records, or a named column is absent', async () => {
    const project = join(dir, 'new.sqlite');
    mkdirSync(join(dir, 'folder.csv'));
    writeFileSync(join(dir, 'empty.csv'), '');
    writeFileSync(join(dir, 'header.csv'), 'a,b\n');
    writeFileSync(join(dir, 'ok.csv'), 'a,b\n1,2\n');
    await expectRefusal(importJob(join(dir, 'missing.csv'), project), /missing\.csv: no such file/);
    await expectRefusal(importJob(join(dir, 'folder.csv'), project), /folder\.csv: is a directory/);
    await expectRefusal(importJob(join(dir, 'empty.csv'), project), /empty\.csv: the file is empty/);
    await expectRefusal(importJob(join(dir, 'header.csv'), project), /header\.csv: line 2: the file has a header but no data records/);
    await expectRefusal(importJob(join(dir, 'ok.csv'), project, undefined, { dropColumns: ['zz'] }), /ok\.csv: no column named "zz"/);
    expect(readdirSync(dir).sort()).toEqual(['empty.csv', 'folder.csv', 'header.csv', 'ok.csv']);
  });

  it('creates no project file when the import is cancelled', async () => {
    const project = join(dir, 'new.sqlite');
    const csv = join(dir, 'big.csv');
    writeFileSync(csv, 'id,x\n' + Array.from({ length: 200_000 }, (_, i) => `${i},${i % 7}`).join('\n') + '\n');
    const controller = new AbortController();
    const job = importJob(csv, project, controller.signal);
    setTimeout(() => controller.abort(), 5);
    await expectRefusal(job, /cancel/i);
    expect(readdirSync(dir)).toEqual(['big.csv']);
  });

  it('keeps an existing project (and its datasets) when an import into it fails', async () => {
    const project = join(dir, 'kept.sqlite');
    writeFileSync(join(dir, 'ok.csv'), 'a,b\n1,2\n');
    await importJob(join(dir, 'ok.csv'), project);
    await expectRefusal(importJob(join(dir, 'missing.csv'), project), /no such file/);
    const reopened = openProject(project);
    expect(reopened.listDatasets().map((d) => d.name)).toEqual(['ok']);
    reopened.close();
  });

  it('keeps an existing empty project when an import into it fails', async () => {
    const project = join(dir, 'empty-project.sqlite');
    openProject(project, { create: true }).close();
    await expectRefusal(importJob(join(dir, 'missing.csv'), project), /no such file/);
    expect(readdirSync(dir)).toEqual(['empty-project.sqlite']);
  });
});
