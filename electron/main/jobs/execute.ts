/**
 * What a job does, independent of where it runs: in a worker thread (the app) or inline (CLI, tests).
 * Each job opens the project file itself, so the worker never shares a SQLite handle with main.
 */
import { importCsv } from '../import';
import { openProject } from '../store';
import { runAnalysis } from '../../../shared/analyses/run';
import { applyMapping } from '../../../shared/mapping/apply';
import { parseMapping } from '../../../shared/mapping/format';
import type { JobRequest, ProgressReporter } from './job';
import { buildReportHtml } from '../report/build-report';

export async function executeJob(request: JobRequest, progress: ProgressReporter, signal: AbortSignal): Promise<unknown> {
  switch (request.kind) {
    case 'import': {
      const project = openProject(request.projectPath, { create: true });
      try {
        return await importCsv(project, request.csvPath, {
          ...request.options,
          signal,
          onProgress: (p) => progress(p.totalBytes > 0 ? p.bytes / p.totalBytes : null, `${p.rows.toLocaleString('en')} rows read`),
        });
      } finally {
        project.close();
      }
    }
    case 'analysis': {
      const project = openProject(request.projectPath, { create: false });
      try {
        progress(null, 'reading the dataset');
        const raw = project.readDataset(request.dataset);
        const frame = request.mapping === undefined ? raw : applyMapping(raw, parseMapping(request.mapping)).frame;
        progress(null, 'computing');
        const outcome = runAnalysis(request.analysis, frame, request.options);
        project.saveAnalysisRun({ analysis: request.analysis, datasetName: request.dataset, settings: { options: outcome.options, mapping: request.mapping ?? null }, result: outcome.result, durationMs: outcome.analysisMs });
        return outcome;
      } finally {
        project.close();
      }
    }
    case 'report': {
      const project = openProject(request.projectPath, { create: false });
      try {
        return await buildReportHtml({ project, dataset: request.dataset, mapping: parseMapping(request.mapping), minCell: request.minCell, notes: request.notes, sections: request.sections, progress });
      } finally {
        project.close();
      }
    }
  }
}
