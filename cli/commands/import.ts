/** `import FILE --project P.sqlite [--name NAME] [--na "NA,-99"] [--drop a,b] [--type col=date,...] [--json]` */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COLUMN_TYPES, type ColumnType } from '../../shared/data/frame';
import { importCsv } from '../../node/import';
import { checkImportFile } from '../../node/import/prepare';
import { closeAndDiscardIfNew, openProject, type Project } from '../../node/store';
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { naCodesFrom } from '../data-source';
import { checkInputFile, checkOutputFile } from '../paths';
import { renderText, writeJson } from '../output';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import a CSV into a project file (created if missing)',
  usage: () =>
    [
      'usage: cli import FILE --project P.sqlite [--name NAME] [--na "NA,-99"] [--drop COL,COL] [--confirm COL,COL] [--date-order COL=DMY,...] [--type COL=TYPE,...] [--json]',
      '  --name      dataset name (default: the file name without extension, made unique in the project)',
      '  --na        missing-value codes (default: empty, NA, N/A, ., -99, -999)',
      '  --drop      columns not to import (e.g. flagged identifiers)',
      '  --confirm   flagged identifier columns to keep anyway',
      '  --date-order  day/month order for ambiguous date columns, e.g. intake=DMY',
      `  --type      a column's type in place of the inferred one (${COLUMN_TYPES.join(', ')}), e.g. zip=text; values that do not fit become missing, named with their lines`,
    ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, {
      project: { type: 'string' },
      name: { type: 'string' },
      na: { type: 'string' },
      drop: { type: 'string' },
      confirm: { type: 'string' },
      'date-order': { type: 'string' },
      type: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [file] = positionals;
    if (!file) throw new UsageError('name the CSV file: import FILE --project P.sqlite');
    if (typeof values.project !== 'string') throw new UsageError('--project P.sqlite is required');
    const list = (v: unknown) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
    const dateOrder: Record<string, 'DMY' | 'MDY'> = {};
    for (const pair of list(values['date-order']) ?? []) {
      const [column, order] = pair.split('=');
      if (order !== 'DMY' && order !== 'MDY') throw new UsageError(`--date-order ${pair}: write COLUMN=DMY or COLUMN=MDY`);
      dateOrder[column] = order;
    }
    const columnTypes: Record<string, ColumnType> = {};
    for (const pair of list(values.type) ?? []) {
      const [column, type] = pair.split('=').map((s) => s.trim());
      if (!column || !(COLUMN_TYPES as readonly string[]).includes(type)) throw new UsageError(`--type ${pair}: write COLUMN=TYPE with TYPE one of ${COLUMN_TYPES.join(', ')}`);
      columnTypes[column] = type as ColumnType;
    }
    checkInputFile(file, 'CSV');
    checkOutputFile(values.project, 'project');
    const started = performance.now();
    await checkImportFile(file);
    // Ctrl-C (or a TERM) cancels the import like the app's cancel button: nothing is stored, and a
    // project file this import created is removed; a second Ctrl-C stops at once.
    const controller = new AbortController();
    const cancel = () => controller.abort();
    process.once('SIGINT', cancel);
    process.once('SIGTERM', cancel);
    let project: Project | undefined;
    try {
      const opened = (project = openProject(values.project, { create: true }));
      opened.assertWritable('import a dataset into it');
      const report = await importCsv(opened, file, {
        name: typeof values.name === 'string' ? values.name : undefined,
        naCodes: naCodesFrom(values),
        dropColumns: list(values.drop),
        confirmIdentifiers: list(values.confirm),
        dateOrder,
        ...(Object.keys(columnTypes).length > 0 ? { columnTypes } : {}),
        signal: controller.signal,
        columnWorker: builtColumnWorker(),
      }).catch((error: unknown) => {
        closeAndDiscardIfNew(opened); // a project file this import created holds nothing: remove it
        throw error;
      });
      const document = { dataset: report, timing: { loadMs: performance.now() - started, analysisMs: 0 } };
      if (values.json) writeJson(document);
      else process.stdout.write(renderText(document, `Imported ${report.name}`) + '\n');
    } finally {
      process.off('SIGINT', cancel);
      process.off('SIGTERM', cancel);
      project?.close();
    }
  },
};

/**
 * The built column worker (scripts/build-cli.mjs writes out/cli/column-worker-thread.js beside main.js;
 * this command runs from out/cli/chunks/), or none where the CLI runs unbuilt: then the import builds
 * its columns on its own thread, with the same result.
 */
function builtColumnWorker(): { script: URL } | undefined {
  const script = new URL('../column-worker-thread.js', import.meta.url);
  return script.protocol === 'file:' && existsSync(fileURLToPath(script)) ? { script } : undefined;
}
