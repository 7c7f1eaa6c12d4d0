/**
 * What a report reads from a project: the columns its mapping names, the identifier checked on its own
 * (one row per participant) and then left out of the analysed columns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProject, type Project } from '../../../node/store/project';
import { gatherFromProject, refuseRepeatedIdsInProject, reportColumns } from '../../../node/report/gather';
import { buildReportHtml } from '../../../node/report/build-report';
import { refuseRepeatedMappedIds } from '../../../shared/mapping/apply';
import { parseMapping } from '../../../shared/mapping/format';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gather-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Five rows: id (text), days, relapsed, site, unused; `ids` sets the id column's values. */
function projectWith(ids: string[]): Project {
  const project = openProject(join(dir, 'p.sqlite'), { create: true });
  const writer = project.beginDatasetImport({ name: 'cohort', chunkRows: 8, sourceFile: 'x.csv', sourceSize: 10 });
  const levels = [...new Set(ids)];
  writer.writeChunk(0, 0, 5, Int32Array.from(ids, (id) => levels.indexOf(id)));
  writer.writeLevels(0, levels);
  writer.writeChunk(1, 0, 5, Float64Array.from([10, 20, 30, 40, 50]));
  writer.writeChunk(2, 0, 5, Float64Array.from([1, 0, 1, 1, 0]));
  writer.writeChunk(3, 0, 5, Int32Array.from([0, 1, 0, 1, 0]));
  writer.writeLevels(3, ['north', 'south']);
  writer.writeChunk(4, 0, 5, Float64Array.from([1, 2, 3, 4, 5]));
  writer.commit({
    nRows: 5,
    columns: [
      { name: 'participant', type: 'text', missing: 0 },
      { name: 'days', type: 'integer', missing: 0 },
      { name: 'relapsed', type: 'integer', missing: 0 },
      { name: 'site', type: 'categorical', missing: 0 },
      { name: 'unused', type: 'integer', missing: 0 },
    ],
    sha256: 'abc',
    report: { name: 'cohort' },
    audit: { dataset: 'cohort' },
  });
  return project;
}

const MAPPING = { format: 'relapse-workbench-mapping', version: 1, id: 'participant', outcome: { time: 'days', event: 'relapsed', eventValues: ['1'] }, factors: {}, groups: ['site'] };

describe('reportColumns', () => {
  const available = ['participant', 'days', 'relapsed', 'site', 'unused'];
  it('names the mapped columns, with or without the identifier', () => {
    expect(reportColumns(MAPPING, available)).toEqual(['participant', 'days', 'relapsed', 'site']);
    expect(reportColumns(MAPPING, available, { withoutId: true })).toEqual(['days', 'relapsed', 'site']);
  });
  it('reads every column when there is no mapping', () => {
    expect(reportColumns(undefined, available)).toBeNull();
  });
});

describe('refuseRepeatedIdsInProject', () => {
  it('refuses a repeated participant in one line, for a mapping or an analysis export holding one', () => {
    const project = projectWith(['a', 'b', 'a', 'c', 'd']);
    try {
      expect(() => refuseRepeatedIdsInProject(project, 'cohort', MAPPING)).toThrow(/id column "participant": participant "a" is in data rows 1 and 3/);
      expect(() => refuseRepeatedIdsInProject(project, 'cohort', { mapping: MAPPING, analyses: [] })).toThrow(/participant "a"/);
    } finally {
      project.close();
    }
  });
  it('passes distinct ids, a mapping without an id, and an id column the dataset lacks', () => {
    const project = projectWith(['a', 'b', 'c', 'd', 'e']);
    try {
      expect(() => refuseRepeatedIdsInProject(project, 'cohort', MAPPING)).not.toThrow();
      expect(() => refuseRepeatedIdsInProject(project, 'cohort', { ...MAPPING, id: undefined })).not.toThrow();
      expect(() => refuseRepeatedIdsInProject(project, 'cohort', { ...MAPPING, id: 'nope' })).not.toThrow();
    } finally {
      project.close();
    }
  });
  it('checks a text id column on its codes: a repeat among 70,000 ids, in the second stored levels chunk, is named with its rows', () => {
    const project = openProject(join(dir, 'big.sqlite'), { create: true });
    try {
      const n = 70_001;
      const ids = Array.from({ length: n - 1 }, (_, i) => `p${i}`);
      // row 70,001 repeats participant p69000 (row 69,001), whose level is past the first 65,536
      const codes = Int32Array.from({ length: n }, (_, i) => (i < n - 1 ? i : 69_000));
      const writer = project.beginDatasetImport({ name: 'cohort', chunkRows: n, sourceFile: 'x.csv', sourceSize: 10 });
      writer.writeChunk(0, 0, n, codes);
      writer.writeLevels(0, ids);
      writer.writeChunk(1, 0, n, new Float64Array(n).fill(10));
      writer.writeChunk(2, 0, n, new Float64Array(n).fill(1));
      writer.commit({
        nRows: n,
        columns: [
          { name: 'participant', type: 'text', missing: 0 },
          { name: 'days', type: 'integer', missing: 0 },
          { name: 'relapsed', type: 'integer', missing: 0 },
        ],
        sha256: 'abc',
        report: {},
        audit: {},
      });
      expect(() => refuseRepeatedIdsInProject(project, 'cohort', MAPPING)).toThrow(
        'mapping: id column "participant": participant "p69000" is in data rows 69001 and 70001, but the mapped analyses take one row per participant',
      );
      expect(project.readColumnCodes('cohort', 'participant')?.level(69_999)).toBe('p69999');
      expect(project.readColumnCodes('cohort', 'days')).toBeNull();
    } finally {
      project.close();
    }
  });
  it("gives applyMapping's refusal word for word", () => {
    const project = projectWith(['a', 'b', 'a', 'b', 'd']);
    try {
      let expected = '';
      try {
        refuseRepeatedMappedIds(project.readDataset('cohort'), parseMapping(MAPPING));
      } catch (error) {
        expected = (error as Error).message;
      }
      expect(expected).toMatch(/participant "a" is in data rows 1 and 3; 2 ids occur more than once/);
      expect(() => refuseRepeatedIdsInProject(project, 'cohort', MAPPING)).toThrow(expected);
    } finally {
      project.close();
    }
  });
  it('checks a numeric id column on its values', () => {
    const project = projectWith(['a', 'b', 'c', 'd', 'e']);
    try {
      expect(() => refuseRepeatedIdsInProject(project, 'cohort', { ...MAPPING, id: 'relapsed' })).toThrow(/id column "relapsed": participant "1" is in data rows 1 and 3; 2 ids occur more than once/);
    } finally {
      project.close();
    }
  });
  it("the app's report job refuses the repeated participant before computing anything", async () => {
    const project = projectWith(['a', 'b', 'a', 'c', 'd']);
    try {
      await expect(buildReportHtml({ project, dataset: 'cohort', mapping: parseMapping(MAPPING), minCell: 1 })).rejects.toThrow(/participant "a" is in data rows 1 and 3/);
    } finally {
      project.close();
    }
  });
});

describe('gatherFromProject, lazy', () => {
  it('gives the frame readDataset gives, each column read on first use', () => {
    const project = projectWith(['a', 'b', 'c', 'd', 'e']);
    try {
      const eager = gatherFromProject(project, 'cohort', ['days', 'site']).frame;
      const lazy = gatherFromProject(project, 'cohort', ['days', 'site'], { lazy: true }).frame;
      expect(lazy.nRows).toBe(5);
      expect(lazy.columns.map((c) => [c.name, c.type])).toEqual([
        ['days', 'integer'],
        ['site', 'categorical'],
      ]);
      expect({ nRows: lazy.nRows, columns: lazy.columns.map((c) => ({ ...c })) }).toEqual(eager);
    } finally {
      project.close();
    }
  });
  it("a damaged group column refuses the app's report in one line before any analysis", async () => {
    const project = projectWith(['a', 'b', 'c', 'd', 'e']);
    try {
      project.database.prepare('UPDATE column_chunks SET data = ? WHERE position = 3').run(Buffer.from([1, 0, 1, 0, 1]));
      await expect(buildReportHtml({ project, dataset: 'cohort', mapping: parseMapping(MAPPING), minCell: 1 })).rejects.toThrow(
        'p.sqlite: dataset "cohort", column "site": stored data does not match its checksum (chunk 1); the project file is damaged',
      );
    } finally {
      project.close();
    }
  });
});

