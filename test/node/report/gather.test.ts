/**
 * What a report reads from a project: the columns its mapping names, the identifier checked on its own
 * (one row per participant) and then left out of the analysed columns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProject, type Project } from '../../../node/store/project';
import { refuseRepeatedIdsInProject, reportColumns } from '../../../node/report/gather';
import { buildReportHtml } from '../../../node/report/build-report';
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
  it("the app's report job refuses the repeated participant before computing anything", async () => {
    const project = projectWith(['a', 'b', 'a', 'c', 'd']);
    try {
      await expect(buildReportHtml({ project, dataset: 'cohort', mapping: parseMapping(MAPPING), minCell: 1 })).rejects.toThrow(/participant "a" is in data rows 1 and 3/);
    } finally {
      project.close();
    }
  });
});
