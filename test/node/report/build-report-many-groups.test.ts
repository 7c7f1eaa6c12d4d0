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
import type { Block, ReportModel } from '../../../shared/report/model';

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
