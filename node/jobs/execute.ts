/**
 * What a job does, independent of where it runs: in a worker thread (the app) or inline (CLI, tests).
 * Each job opens the project file itself, so the worker never shares a SQLite handle with main.
 */
import { importCsv } from '../import';
import { checkImportFile } from '../import/prepare';
import { closeAndDiscardIfNew, openProject, type Project } from '../store';
import type { DataFrame } from '../../shared/data/frame';
import { runAnalysis } from '../../shared/analyses/run';
import { applyMapping } from '../../shared/mapping/apply';
import { parseMapping } from '../../shared/mapping/format';
import { reportSettingsSchema } from '../../shared/report/plan';
import type { JobRequest, ProgressReporter } from './job';
import { buildReportHtml } from '../report/build-report';
import { runTimelineJob } from './timeline-job';

/**
 * Analysis jobs reuse what the previous one built: the open project (opening runs the integrity
 * check) and the last analysis frames (the dataset with its mapping applied). A frame is keyed by the
 * dataset's import time, so a re-imported dataset is never served stale. In the app's persistent
 * analysis worker this turns a rerun with other options into computation alone.
 */
const FRAME_CACHE_SIZE = 2;
const openProjects = new Map<string, Project>();
const frameCache = new Map<string, DataFrame>();

function cachedProject(path: string): Project {
  let project = openProjects.get(path);
  if (!project) {
    project = openProject(path, { create: false });
    openProjects.set(path, project);
  }
  return project;
}

/** Closes the projects analysis jobs keep open and drops the cached frames (used by tests). */
export function closeCachedProjects(): void {
  for (const project of openProjects.values()) project.close();
  openProjects.clear();
  frameCache.clear();
}

function analysisFrame(project: Project, projectPath: string, dataset: string, mapping: unknown): DataFrame {
  const listing = project.listDatasets().find((d) => d.name === dataset);
  const key = JSON.stringify([projectPath, dataset, listing?.importedAt ?? null, mapping ?? null]);
  const hit = frameCache.get(key);
  if (hit) return hit;
  const raw = project.readDataset(dataset);
  const frame = mapping === undefined ? raw : applyMapping(raw, parseMapping(mapping)).frame;
  frameCache.set(key, frame);
  while (frameCache.size > FRAME_CACHE_SIZE) frameCache.delete(frameCache.keys().next().value!);
  return frame;
}

export async function executeJob(request: JobRequest, progress: ProgressReporter, signal: AbortSignal): Promise<unknown> {
  switch (request.kind) {
    case 'import': {
      // Check the CSV before the project file is opened (or created); a project this job created is
      // removed again if the import fails or is cancelled, so a failed import leaves no empty file.
      await checkImportFile(request.csvPath);
      const project = openProject(request.projectPath, { create: true });
      let imported = false;
      try {
        project.assertWritable('import a dataset into it');
        const report = await importCsv(project, request.csvPath, {
          ...request.options,
          signal,
          onProgress: (p) => progress(p.totalBytes > 0 ? p.bytes / p.totalBytes : null, `${p.rows.toLocaleString('en')} rows read`),
        });
        imported = true;
        return report;
      } finally {
        if (imported) project.close();
        else closeAndDiscardIfNew(project);
      }
    }
    case 'analysis': {
      const project = cachedProject(request.projectPath);
      progress(null, 'reading the dataset');
      const frame = analysisFrame(project, request.projectPath, request.dataset, request.mapping);
      progress(null, 'computing');
      const outcome = runAnalysis(request.analysis, frame, request.options);
      // a read-only project is read, not written: the run is not recorded there
      if (!project.readOnly) project.saveAnalysisRun({ analysis: request.analysis, datasetName: request.dataset, settings: { options: outcome.options, mapping: request.mapping ?? null }, result: outcome.result, durationMs: outcome.analysisMs });
      return outcome;
    }
    case 'timeline': {
      // a project of its own (as an import): the new dataset is written in one transaction
      const project = openProject(request.projectPath, { create: false });
      try {
        return await runTimelineJob(project, request, progress, signal);
      } finally {
        project.close();
      }
    }
    case 'report': {
      const project = openProject(request.projectPath, { create: false });
      try {
        return await buildReportHtml({ project, dataset: request.dataset, mapping: parseMapping(request.mapping), minCell: request.minCell, notes: request.notes, sections: request.sections, settings: reportSettingsSchema.parse({ ...(request.sitesBy ? { sitesBy: request.sitesBy } : {}), ...(request.cox ? { cox: request.cox } : {}), ...(request.correlation ? { correlation: request.correlation } : {}), ...(request.survival ? { survival: request.survival } : {}) }), progress });
      } finally {
        project.close();
      }
    }
  }
}
