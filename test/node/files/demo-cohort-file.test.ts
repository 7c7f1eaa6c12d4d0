/**
 * The demo files (node/files/demo-cohort-file.ts): the streamed cohort equals the in-memory CSV and the
 * committed 2,000-participant fixture byte for byte, the streamed episodes equal demoEpisodesCsv, and
 * a file that cannot be written is one line naming it, with nothing left behind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDemoCohortCsv, writeDemoEpisodesCsv } from '../../../node/files/demo-cohort-file';
import { demoCohortCsv } from '../../../shared/demo/demo-cohort';
import { demoEpisodesCsv } from '../../../shared/demo/demo-episodes';
import { UserFacingError } from '../../../shared/errors';

const dir = mkdtempSync(join(tmpdir(), 'rw-demo-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo files', () => {
  it('the streamed cohort equals the in-memory CSV and the committed fixture', async () => {
    const path = join(dir, 'demo.csv');
    await writeDemoCohortCsv(path, 2000);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(demoCohortCsv(2000));
    expect(text).toBe(readFileSync(join(import.meta.dirname, '..', '..', 'shared', 'mapping', 'fixtures', 'demo-cohort-2000.csv'), 'utf8'));
  });

  it('another seed gives another cohort, streamed the same way', async () => {
    const path = join(dir, 'seed.csv');
    await writeDemoCohortCsv(path, 50, 7);
    expect(readFileSync(path, 'utf8')).toBe(demoCohortCsv(50, 7));
    expect(readFileSync(path, 'utf8')).not.toBe(demoCohortCsv(50));
  });

  it('the streamed episodes equal demoEpisodesCsv', async () => {
    const path = join(dir, 'episodes.csv');
    await writeDemoEpisodesCsv(path, 300);
    expect(readFileSync(path, 'utf8')).toBe(demoEpisodesCsv(300));
  });

  it('a folder that does not exist is one line naming the file; nothing is left behind', async () => {
    const path = join(dir, 'missing', 'demo.csv');
    const error = await writeDemoCohortCsv(path, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).not.toContain('\n');
    expect(readdirSync(dir).sort()).toEqual(['demo.csv', 'episodes.csv', 'seed.csv']);
  });
});
