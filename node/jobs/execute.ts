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
 * check) and the analysis frames (the dataset with its mapping applied). In the app's persistent
 * analysis worker this turns a rerun with other options into computation alone: on the 1,000,000-
 * participant demo cohort, reading the dataset (3.1 s) and applying the demo mapping (10.2 s) took 13 s
 * on a loaded 2-core machine, and the frame it gives holds about 280 MB (59 columns of 1,000,000 values).
 *
 * The cache is bounded: one frame per dataset of a project, at most FRAME_CACHE_SIZE frames in all (the
 * least recently used dropped first), so at most about 560 MB at 1,000,000 participants. A frame is
 * kept with the version it was built from: the dataset's import (time, file checksum, rows, columns) and
 * the mapping. When either changes (a re-import under the same name, an edited mapping), the old frame
 * is dropped before the new one is built, so a changed dataset or mapping is never served stale and its
 * memory is not held beside the new frame.
 */
const FRAME_CACHE_SIZE = 2;
const openProjects = new Map<string, Project>();
/** Keyed by project path and dataset name; the version says what the frame was built from. */
const frameCache = new Map<string, { version: string; frame: DataFrame }>();

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

/** How many analysis frames are held, and of which datasets (project path, dataset name), least recently used first. */
export function cachedFrames(): { projectPath: string; dataset: string }[] {
  return Array.from(frameCache.keys(), (key) => {
    const [projectPath, dataset] = JSON.parse(key) as [string, string];
    return { projectPath, dataset };
  });
}

function analysisFrame(project: Project, projectPath: string, dataset: string, mapping: unknown): DataFrame {
  const listing = project.listDatasets().find((d) => d.name === dataset);
  const key = JSON.stringify([projectPath, dataset]);
  const version = JSON.stringify([listing?.importedAt ?? null, listing?.sha256 ?? null, listing?.rows ?? null, listing?.columns ?? null, mapping ?? null]);
  const cached = frameCache.get(key);
  // Taken out either way: a hit goes back in as the most recently used, a stale frame is let go before the new one is built.
  frameCache.delete(key);
  if (cached && cached.version === version) {
    frameCache.set(key, cached);
    return cached.frame;
  }
  const raw = project.readDataset(dataset);
  const frame = mapping === undefined ? raw : applyMapping(raw, parseMapping(mapping)).frame;
  frameCache.set(key, { version, frame });
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
