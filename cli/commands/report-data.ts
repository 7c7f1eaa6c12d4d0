/**
 * Loads the data of a report-producing command with its provenance: a CSV through the app's import
 * (its import report gives file name, size, SHA-256 and date), or a project dataset (its stored
 * import report).
 */
import type { DataFrame } from '../../shared/data/frame';
import type { Provenance } from '../../shared/report/build-model';
import { gatherFromProject, provenanceFromImport, refuseRepeatedIdsInProject, reportColumns } from '../../node/report/gather';
import { UsageError, type ParsedCommandLine } from '../args';
import { loadData, openProjectToRead } from '../data-source';
import { readInputText } from '../paths';

/**
 * `mapping`: what the report reads (its mapping, or the mapping and planned analyses of an export); a
 * project dataset is then read only for the columns named there.
 */
export async function loadReportData(values: ParsedCommandLine['values'], mapping?: unknown): Promise<{ frame: DataFrame; provenance: Provenance }> {
  const columnsFor = (available: string[], withoutId = false): string[] | null => reportColumns(mapping, available, { withoutId });
  if (typeof values.project === 'string' && typeof values.csv !== 'string') {
    if (typeof values.dataset !== 'string') throw new UsageError('--project needs --dataset NAME (list them with: datasets --project P.sqlite)');
    const project = openProjectToRead(values.project);
    try {
      refuseRepeatedIdsInProject(project, values.dataset, mapping);
      return gatherFromProject(project, values.dataset, columnsFor(project.datasetColumns(values.dataset).map((c) => c.name), true) ?? undefined);
    } finally {
      project.close();
    }
  }
  // a CSV builds only the columns the report reads (the identifier too, for the one-row-per-participant check)
  const data = await loadData(values, (available) => columnsFor(available), { csvColumns: true });
  return { frame: data.frame, provenance: provenanceFromImport(data.source.report, data.frame, { source: 'csv' }) };
}

/**
 * `loadReportData` for a command that builds one report and is done: a project dataset's columns are read
 * when the report first uses them (gatherFromProject's `lazy`), so the project stays open until `close`.
 */
export async function openReportData(values: ParsedCommandLine['values'], mapping?: unknown): Promise<{ frame: DataFrame; provenance: Provenance; close: () => void }> {
  if (typeof values.project === 'string' && typeof values.csv !== 'string') {
    if (typeof values.dataset !== 'string') throw new UsageError('--project needs --dataset NAME (list them with: datasets --project P.sqlite)');
    const project = openProjectToRead(values.project);
    try {
      refuseRepeatedIdsInProject(project, values.dataset, mapping);
      const columns = reportColumns(mapping, project.datasetColumns(values.dataset).map((c) => c.name), { withoutId: true }) ?? undefined;
      return { ...gatherFromProject(project, values.dataset, columns, { lazy: true }), close: () => project.close() };
    } catch (error) {
      project.close();
      throw error;
    }
  }
  return { ...(await loadReportData(values, mapping)), close: () => {} };
}

export { readMappingFile } from '../mapping-file';

export function readTextFile(path: string, what: string): string {
  return readInputText(path, what);
}
