// Groupings of many levels in the report (issue 15 item 6), on R's veteran (137 participants; 40
// distinct ages, 12 Karnofsky scores) and lung (42 ages). Counts from test/node/report/fixtures/many-groups.R.
// A mapped group column of more than 20 groups among the analysed rows is never a default group section:
// its section is one line saying why; the user's own grouping (the Survival step's, settings.survival) is kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCsv } from '../../../node/import';
import { parseMapping } from '../../../shared/mapping/format';
import { reportSettingsSchema } from '../../../shared/report/plan';
import { buildReportFromFrame } from '../../../node/report/build-report';
import { provenanceFromImport } from '../../../node/report/gather';
import type { Block, Cell, ReportModel } from '../../../shared/report/model';
import { expectClose } from '../../helpers/compare';

const reference = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'many-groups.json'), 'utf8')) as {
  veteran: { rows: number; age: { groups: number }; karnoGroups: number };
};

const veteranMapping = parseMapping({ format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time', event: 'status', eventValues: [1] }, groups: ['celltype', 'age'], factors: {} });

async function veteranReport(minCell: number, settings: Record<string, unknown> = {}) {
  const loaded = await loadCsv(join(__dirname, '..', '..', 'fixtures', 'data', 'veteran.csv'));
  const provenance = provenanceFromImport(loaded.report, loaded.frame, { source: 'csv' });
  return buildReportFromFrame({ frame: loaded.frame, provenance, mapping: veteranMapping, minCell, settings: reportSettingsSchema.parse(settings), generatedAt: new Date('2026-01-01T00:00:00Z') });
}

const sectionOf = (model: ReportModel, id: string) => model.sections.find((s) => s.id === id)!;
const tableIds = (blocks: Block[]) => blocks.filter((b) => b.kind === 'table').map((b) => (b as { id: string }).id);
const paragraphText = (b: Block) => (b.kind === 'paragraph' ? b.parts.map((p) => (typeof p === 'string' ? p : '')).join('') : '');

describe('a mapped group column of more than 20 groups is not a default group section', () => {
  test('veteran by age (R: 40 ages) is one line; by cell type (4) is compared in full', async () => {
    const built = await veteranReport(5);
    expect(built.sections).toContain('group:age');
    const age = sectionOf(built.model, 'group:age');
    expect(age.blocks).toHaveLength(1);
    expect(paragraphText(age.blocks[0])).toBe(
      `age has ${reference.veteran.age.groups} groups among the participants analysed, more than 20, so this report does not compare them one by one: most groups would be too small to read. To include it, compare by age in the Survival step and use that set-up in the report.`,
    );
    // Nothing by age was computed.
    expect(built.runs.map((r) => r.key)).toEqual(['km:all', 'km:celltype', 'logrank:celltype']);
    expect(tableIds(sectionOf(built.model, 'group:celltype').blocks)).toEqual(['table-km-celltype', 'table-km-celltype-times', 'table-logrank-celltype']);
  });

  test('the user’s own grouping by age (set up in the Survival step) is kept', async () => {
    const built = await veteranReport(5, { survival: { groups: ['age'] } });
    expect(built.runs.map((r) => r.key)).toEqual(['km:all', 'km:age', 'logrank:age']);
    expect(tableIds(sectionOf(built.model, 'group:age').blocks)).toContain('table-km-age');
  });
});

interface Folding {
  groups: number;
  logrank: { chisq: number; df: number };
  byK: { k: number; kept: { group: string; n: number; events: number }[]; folded: { groups: number; n: number; events: number } }[];
}
const many = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'many-groups.json'), 'utf8')) as { veteran: { age: Folding }; lung: { age: Folding } };

const tableOf = (model: ReportModel, id: string) => model.sections.flatMap((s) => s.blocks).find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' && b.id === id)!;
const cellText = (cell: Cell) => (cell.kind === 'text' ? cell.text : cell.kind === 'count' ? cell.value : cell.kind);
/**
 * The label and counts of a table's rows against R's: a count the report shows must equal R's, and one it
 * hides (suppression: "<k", or hidden so that another cannot be worked out) is never one shown as a wrong number.
 */
function rowsAgainstR(rows: Cell[][], expected: (string | number)[][], minCell: number): void {
  expect(rows).toHaveLength(expected.length);
  rows.forEach((row, i) => {
    expect(cellText(row[0])).toBe(expected[i][0]);
    for (const j of [1, 2]) {
      const cell = row[j];
      if (cell.kind === 'count') expect(cell.value, `row ${expected[i][0]}, column ${j}`).toBe(expected[i][j]);
      else expect(cell.kind).toBe('suppressed');
      if (cell.kind === 'count' && minCell > 1) expect(cell.value === 0 || cell.value >= minCell).toBe(true);
    }
  });
}

async function reportBy(dataset: 'veteran' | 'lung', minCell: number, sitesBy?: string) {
  const loaded = await loadCsv(join(__dirname, '..', '..', 'fixtures', 'data', `${dataset}.csv`));
  const provenance = provenanceFromImport(loaded.report, loaded.frame, { source: 'csv' });
  const mapping = parseMapping({ format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time', event: 'status', eventValues: dataset === 'lung' ? [2] : [1] }, groups: [], factors: {} });
  const settings = reportSettingsSchema.parse({ survival: { groups: ['age'] }, ...(sitesBy ? { sitesBy } : {}) });
  return buildReportFromFrame({ frame: loaded.frame, provenance, mapping, minCell, settings, ...(sitesBy ? { sections: ['overview', 'groups', 'sites', 'methods'] } : {}), generatedAt: new Date('2026-01-01T00:00:00Z') });
}

describe('a table of more than 20 groups folds the groups below the threshold into one row of counts', () => {
  for (const [dataset, minCell] of [['veteran', 5], ['veteran', 11], ['lung', 5], ['lung', 11]] as const) {
    test(`${dataset} by age, k = ${minCell}: R's kept groups in their own rows, the rest summed in one`, async () => {
      const reference = many[dataset].age;
      const { kept, folded } = reference.byK.find((b) => b.k === minCell)!;
      const built = await reportBy(dataset, minCell);
      const km = tableOf(built.model, 'table-km-age');
      const label = `${folded.groups} other groups with fewer than ${minCell} participants each`;
      rowsAgainstR(km.rows, [...kept.map((g) => [g.group, g.n, g.events]), [label, folded.n, folded.events]], minCell);
      // The folded row gives no estimate.
      expect(km.rows.at(-1)!.slice(3).map(cellText)).toEqual(['—', '—', '—']);
      expect(km.footnotes!.join(' ')).toContain(`${folded.groups} of the ${reference.groups} groups have fewer than ${minCell} participants each`);
      // The log-rank test compares every group (R's survdiff on all of them); its table folds as the other.
      const logrank = tableOf(built.model, 'table-logrank-age');
      rowsAgainstR(logrank.rows, [...kept.map((g) => [g.group, g.n, g.events]), [label, folded.n, folded.events]], minCell);
      const lr = built.runs.find((r) => r.key === 'logrank:age')!.result as { chisq: number; df: number };
      expectClose(lr.chisq, reference.logrank.chisq, 'log-rank chi-square over all groups');
      expect(lr.df).toBe(reference.logrank.df);
      // Curves: only the kept groups' are drawn, and a note says how many are not.
      const chart = built.model.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'chart' && b.id === 'chart-km-age') as Extract<Block, { kind: 'chart' }>;
      const drawn = chart.chart.type === 'km' ? chart.chart.groups.map((g) => g.group) : [];
      expect(drawn.every((g) => kept.some((k) => k.group === g))).toBe(true);
      expect(sectionOf(built.model, 'group:age').blocks.map(paragraphText)).toContain(`The curves of the ${folded.groups} folded groups (fewer than ${minCell} participants each) are not drawn.`);
      // The report times' table has rows for the kept groups only.
      expect(new Set(tableOf(built.model, 'table-km-age-times').rows.map((r) => cellText(r[0])))).toEqual(new Set(kept.map((g) => g.group)));
    });
  }

  test('without suppression the groups of fewer than 5 are folded (veteran by age: R 30 groups, 64 participants, 58 deaths)', async () => {
    const { kept, folded } = many.veteran.age.byK.find((b) => b.k === 5)!;
    const built = await reportBy('veteran', 0);
    const km = tableOf(built.model, 'table-km-age');
    expect(km.rows).toHaveLength(kept.length + 1);
    expect(km.rows.at(-1)!.slice(0, 3).map(cellText)).toEqual(['30 other groups with fewer than 5 participants each', folded.n, folded.events]);
    expect(folded).toEqual({ groups: 30, n: 64, events: 58 });
  });

  test('the sites section by age (restricted means) folds the same groups', async () => {
    const { kept, folded } = many.veteran.age.byK.find((b) => b.k === 5)!;
    const built = await reportBy('veteran', 5, 'age');
    const rmst = tableOf(built.model, 'table-rmst-age');
    rowsAgainstR(rmst.rows, [...kept.map((g) => [g.group, g.n, g.events]), [`${folded.groups} other groups with fewer than 5 participants each`, folded.n, folded.events]], 5);
    // The analysis itself is unchanged: a restricted mean for each of the 40 ages.
    expect((built.runs.find((r) => r.key === 'rmst:age')!.result as { groups: unknown[] }).groups).toHaveLength(many.veteran.age.groups);
  });
});
