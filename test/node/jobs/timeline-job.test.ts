/**
 * The timeline job (node/jobs/timeline-job.ts) on its own: a cancel at each phase — before the
 * build, or while the new dataset's columns are being written inside the store's transaction — leaves the
 * project as it was (no dataset, no audit entry), and the project stays writable for the next build.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../../node/import';
import { runTimelineJob } from '../../../node/jobs/timeline-job';
import type { TimelineJobRequest } from '../../../node/jobs/job';
import { openProject, type Project } from '../../../node/store';
import { CancelledError } from '../../../shared/errors';

const FIXTURES = fileURLToPath(new URL('../../shared/data/fixtures/', import.meta.url));

const REQUEST: TimelineJobRequest = {
  kind: 'timeline',
  projectPath: '',
  participants: 'participants',
  measures: 'visits',
  spec: { id: 'id', end: 'futime', event: 'status', time: 'day', measures: [{ column: 'craving', kind: 'tdc' }, { column: 'aftercare', kind: 'cumulative' }] },
  name: 'intervals',
};

describe('runTimelineJob', () => {
  let folder: string;
  let project: Project;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'rw-timeline-job-'));
    project = openProject(join(folder, 'p.sqlite'), { create: true });
    await importCsv(project, join(FIXTURES, 'timeline-participants.csv'), { name: 'participants' });
    await importCsv(project, join(FIXTURES, 'timeline-measures.csv'), { name: 'visits' });
  }, 60_000);

  afterAll(() => {
    project.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const unchanged = () => {
    expect(project.listDatasets().map((d) => d.name)).toEqual(['participants', 'visits']);
    expect(project.auditLog().some((e) => e.action === 'timeline-built')).toBe(false);
  };

  it('cancelled before the build: nothing is written', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runTimelineJob(project, REQUEST, () => {}, controller.signal)).rejects.toThrow(CancelledError);
    unchanged();
  });

  it('cancelled while the columns are written: the transaction is rolled back', async () => {
    const controller = new AbortController();
    const messages: string[] = [];
    const progress = (_fraction: number | null, message: string) => {
      messages.push(message);
      if (message.startsWith('writing')) controller.abort();
    };
    await expect(runTimelineJob(project, REQUEST, progress, controller.signal)).rejects.toThrow('building the timeline was cancelled; nothing was changed');
    expect(messages).toEqual(['reading the two datasets', 'building the intervals', 'writing 10 intervals']);
    unchanged();
  });

  it('the next build after a cancel stores the dataset, recorded once in the audit log', async () => {
    const result = await runTimelineJob(project, REQUEST, () => {}, new AbortController().signal);
    expect(result).toMatchObject({ dataset: 'intervals', rows: 10, participants: 5, columns: ['id', 'tstart', 'tstop', 'status', 'craving', 'aftercare'] });
    expect(project.listDatasets().map((d) => d.name)).toEqual(['participants', 'visits', 'intervals']);
    expect(project.auditLog().filter((e) => e.action === 'timeline-built')).toHaveLength(1);
  });
});
