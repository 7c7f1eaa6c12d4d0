/**
 * Reading some columns of a stored dataset (what the CLI and reports do at 5,000,000 rows): the columns
 * asked for, in stored order, with exactly the values of a full read; the others are not in the frame.
 */
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../../node/import/import-csv';
import { openProject } from '../../../node/store/project';

describe('Project.readDataset with columns', () => {
  it('reads only the named columns, with the values of a full read', async () => {
    const project = openProject(':memory:');
    try {
      await importCsv(project, 'test/fixtures/data/addicts.csv', { name: 'addicts' });
      const full = project.readDataset('addicts');
      const some = project.readDataset('addicts', { columns: ['time', 'clinic', 'not-a-column'] });
      expect(some.nRows).toBe(full.nRows);
      expect(some.columns.map((c) => c.name)).toEqual(['clinic', 'time']);
      for (const column of some.columns) expect(column).toEqual(full.columns.find((c) => c.name === column.name));
      expect(project.readDataset('addicts', { columns: [] }).columns).toEqual([]);
    } finally {
      project.close();
    }
  });
});
