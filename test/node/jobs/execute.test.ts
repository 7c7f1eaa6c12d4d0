/**
 * The jobs as the app runs them (executeJob, what the worker thread calls). The import: one that fails
 * or is cancelled leaves no project file behind when the job would have created it, and never removes
 * an existing project. The analysis: its cached frame (the dataset with the mapping applied) serves an
 * option change with the same result as a fresh run, and is rebuilt when the dataset is imported anew or
 * the mapping changes, one frame per dataset and two in all.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachedFrames, closeCachedProjects, executeJob } from '../../../node/jobs/execute';
import { openProject, Project } from '../../../node/store';
import { UserFacingError } from '../../../shared/errors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'execute-job-'));
});
afterEach(() => {
  closeCachedProjects();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

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

const ADDICTS = resolve(import.meta.dirname, '../../fixtures/data/addicts.csv');
/** R's addicts mapped as the app's tests map it: time, status 1 a relapse, clinic, dose and prison as factor items. */
const ADDICTS_MAPPING = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../shared/mapping/fixtures/addicts-mapping.json'), 'utf8')) as Record<string, unknown>;

interface KmOutcome {
  result: { groups: { group: string; n: number; events: number; table: unknown[] }[] };
}

describe('executeJob analysis: the cached frame', () => {
  const projectPath = () => join(dir, 'p.sqlite');
  const km = (options: Record<string, unknown>, mapping: unknown = ADDICTS_MAPPING, dataset = 'addicts') =>
    executeJob({ kind: 'analysis', projectPath: projectPath(), dataset, mapping, analysis: 'km', options }, noProgress, new AbortController().signal) as Promise<KmOutcome>;
  /** The same job with nothing cached: the project opened anew and the frame built anew. */
  const fresh = async (options: Record<string, unknown>, mapping: unknown = ADDICTS_MAPPING, dataset = 'addicts') => {
    closeCachedProjects();
    return km(options, mapping, dataset);
  };
  const byClinic = { time: 'outcome.time_days', event: 'outcome.relapse', group: 'clinic' };

  beforeEach(async () => {
    await importJob(ADDICTS, projectPath(), undefined, { name: 'addicts' });
  });

  it('serves an option change from the frame, with the result of a fresh run', async () => {
    const reads = vi.spyOn(Project.prototype, 'readDataset');
    const first = await km(byClinic);
    expect(first.result.groups.map((g) => [g.group, g.n, g.events])).toEqual([['1', 163, 122], ['2', 75, 28]]);
    const changed = { ...byClinic, group: 'median.physical_dependence', confType: 'log-log', times: [180, 365] };
    const cached = await km(changed);
    // read once: the option change was computed on the cached frame
    expect(reads).toHaveBeenCalledTimes(1);
    expect(cachedFrames()).toEqual([{ projectPath: projectPath(), dataset: 'addicts' }]);
    const again = await fresh(changed);
    expect(reads).toHaveBeenCalledTimes(2);
    expect(cached.result).toEqual(again.result);
    expect(cached.result.groups.map((g) => g.group)).toEqual(['below median', 'median or above']);
  });

  it('builds the frame anew when the mapping changes, and keeps only the new one', async () => {
    const bySplit = { time: 'outcome.time_days', event: 'outcome.relapse', group: 'median.physical_dependence' };
    const before = await km(bySplit);
    // The user turns the dose item around (higher dose as a risk): the factor score changes sign, so the median split does too.
    const factors = ADDICTS_MAPPING.factors as Record<string, unknown[]>;
    const edited = { ...ADDICTS_MAPPING, factors: { ...factors, physical_dependence: [{ column: 'dose', direction: 'risk' }] } };
    const after = await km(bySplit, edited);
    expect(after.result).toEqual((await fresh(bySplit, edited)).result);
    // Counted from addicts.csv: dose > 60 (below the median of -dose): 93 participants, 48 relapses; dose < 60: 93, 65 (52 at 60).
    expect(before.result.groups.map((g) => [g.group, g.n, g.events])).toEqual([['below median', 93, 48], ['median or above', 145, 102]]);
    expect(after.result.groups.map((g) => [g.group, g.n, g.events])).toEqual([['below median', 93, 65], ['median or above', 145, 85]]);
    closeCachedProjects();
    await km(bySplit);
    await km(bySplit, edited);
    expect(cachedFrames()).toEqual([{ projectPath: projectPath(), dataset: 'addicts' }]);
  });

  it('builds the frame anew when the dataset is imported again under the same name', async () => {
    const before = await km(byClinic);
    expect(before.result.groups.map((g) => g.n)).toEqual([163, 75]);
    // main deletes the dataset and imports a file holding clinic 1 only, under the same name
    const lines = readFileSync(ADDICTS, 'utf8').trimEnd().split('\n');
    const clinicOne = [lines[0], ...lines.slice(1).filter((line) => line.split(',')[1] === '1')];
    expect(clinicOne).toHaveLength(164);
    writeFileSync(join(dir, 'clinic1.csv'), `${clinicOne.join('\n')}\n`);
    const main = openProject(projectPath());
    main.deleteDataset('addicts');
    main.close();
    await importJob(join(dir, 'clinic1.csv'), projectPath(), undefined, { name: 'addicts' });
    const after = await km(byClinic);
    expect(after.result.groups.map((g) => [g.group, g.n, g.events])).toEqual([['1', 163, 122]]);
    expect(after.result).toEqual((await fresh(byClinic)).result);
  });

  it('holds at most two frames, the least recently used dropped first', async () => {
    await importJob(ADDICTS, projectPath(), undefined, { name: 'copy 1' });
    await importJob(ADDICTS, projectPath(), undefined, { name: 'copy 2' });
    const reads = vi.spyOn(Project.prototype, 'readDataset');
    await km(byClinic, ADDICTS_MAPPING, 'addicts');
    await km(byClinic, ADDICTS_MAPPING, 'copy 1');
    await km(byClinic, ADDICTS_MAPPING, 'addicts'); // used again: now the most recent
    await km(byClinic, ADDICTS_MAPPING, 'copy 2');
    expect(cachedFrames().map((f) => f.dataset)).toEqual(['addicts', 'copy 2']);
    expect(reads).toHaveBeenCalledTimes(3);
    await km(byClinic, ADDICTS_MAPPING, 'copy 1');
    expect(reads).toHaveBeenCalledTimes(4);
    expect(cachedFrames().map((f) => f.dataset)).toEqual(['copy 2', 'copy 1']);
  });
});
