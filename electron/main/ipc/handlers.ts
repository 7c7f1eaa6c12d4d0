/**
 * Main-process IPC handlers as plain functions over a context, so that Node tests and the e2e test
 * bridge call exactly what the Electron app calls. Heavy work (import, analysis, report) goes to the
 * job runner (a worker thread in the app); the rest reads the project directly.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { JobProgressEvent } from '../../../shared/ipc/contract';
import { UserFacingError } from '../../../shared/errors';
import { ANALYSES } from '../../../shared/analyses/registry';
import { validateAnalysisOptions } from '../../../shared/analyses/run';
import { DEMO_DATASET_NAME, DEMO_MAPPING, DEMO_PARTICIPANTS } from '../../../shared/demo/demo-mapping';
import { writeDemoCohortCsv, writeDemoEpisodesCsv } from '../../../node/files/demo-cohort-file';
import { DEMO_EPISODES_DATASET_NAME, DEMO_EPISODES_MAPPING, DEMO_EPISODES_MAPPING_NAME } from '../../../shared/demo/demo-episodes';
import { writeFileAtomicSync } from '../../../node/files/atomic-write';
import { type Mapping, mappingToTemplate, parseMapping } from '../../../shared/mapping/format';
import { EXCLUSION_REASON_LABEL } from '../../../shared/mapping/exclude';
import { suggestMapping } from '../../../shared/mapping/suggest';
import { validateMapping } from '../../../shared/mapping/validate';
import { summariseColumns } from '../../../shared/data/column-summary';
import { findColumn, isNumericColumn } from '../../../shared/data/frame';
import { applyMapping } from '../../../shared/mapping/apply';
import { binValues } from '../../../shared/stats/histogram';
import { previewCsv } from '../../../node/import';
import { openProject, type Project } from '../../../node/store';
import type { JobRequest, JobRunner } from '../../../node/jobs/job';
import { checkTimelineRequest, type TimelineJobResult } from '../../../node/jobs/timeline-job';
import type { Handlers } from './dispatch';

/** The audit log's record of the rows a mapping leaves out: reason, its words, how many, which data rows. */
function exclusionDetails(mapping: Mapping) {
  return (mapping.excludeRows ?? []).map((e) => ({ reason: e.reason, label: EXCLUSION_REASON_LABEL[e.reason], count: e.rows.length, rows: e.rows }));
}

export interface Dialogs {
  openCsv(): Promise<string | null>;
  openProject(create: boolean): Promise<string | null>;
  openMapping(): Promise<string | null>;
  saveFile(suggestedName: string, data: Buffer): Promise<string | null>;
}

export interface MainContext {
  appVersion: string;
  /** Per-user folder for the demo project and the recent-projects list. */
  userDataDir: string;
  jobs: JobRunner;
  dialogs: Dialogs;
  emit(event: JobProgressEvent): void;
  log(message: string): void;
  /** The desktop app opens the demo cohort on its very first run (no project opened before). */
  openDemoOnFirstRun?: boolean;
  /** Prints report HTML to PDF (Electron's printToPDF in a hidden window); absent outside the desktop app. */
  printPdf?: (html: string) => Promise<Uint8Array>;
}

const MAX_RECENT = 10;

export function createHandlers(context: MainContext): Handlers & { close(): void } {
  let project: Project | null = null;
  let projectPath: string | null = null;
  const recentFile = join(context.userDataDir, 'recent-projects.json');

  const readRecent = (): string[] => {
    try {
      const list = JSON.parse(readFileSync(recentFile, 'utf8'));
      return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string' && existsSync(p)) : [];
    } catch {
      return [];
    }
  };

  const open = (path: string, create: boolean) => {
    const next = openProject(path, { create });
    project?.close();
    project = next;
    projectPath = path;
    mkdirSync(context.userDataDir, { recursive: true });
    writeFileAtomicSync(recentFile, JSON.stringify([path, ...readRecent().filter((p) => p !== path)].slice(0, MAX_RECENT)), { what: 'recent projects list' });
    return describeProject();
  };

  const requireProject = (): Project => {
    if (!project || !projectPath) throw new UserFacingError('no project is open: open or create a project first');
    return project;
  };

  /** Analyses running under a name the renderer chose (analysis:run's jobId): that name to the runner's job id. */
  const namedJobs = new Map<string, string>();

  const mappingNames = (): string[] => (project ? project.listMappings().map((m) => m.name) : []);
  // readOnly: the project could only be opened for reading (read-only file system, folder or file not writable)
  const describeProject = () => ({
    path: projectPath,
    readOnly: project?.readOnly ?? false,
    readOnlyReason: project?.readOnlyReason ?? null,
    datasets: project ? project.listDatasets() : [],
    mappings: mappingNames(),
    // Mappings saved for a dataset (the demo's episodes mapping): the app takes it when that dataset is chosen.
    mappingFor: Object.fromEntries((project ? project.listMappings() : []).filter((m) => m.datasetName).map((m) => [m.datasetName as string, m.name])),
  });

  const runJob = async (request: JobRequest) => {
    const { result } = context.jobs.run(request, context.emit);
    return result;
  };

  return {
    close() {
      project?.close();
      project = null;
    },
    'app:info': () => ({
      version: context.appVersion,
      analyses: ANALYSES.map((a) => ({ id: a.id, title: a.title, summary: a.summary })),
      offline: true,
      firstRun: context.openDemoOnFirstRun === true && !existsSync(recentFile),
    }),
    'project:current': () => describeProject(),
    'project:open': ({ path, create }) => open(path, create),
    'project:recent': () => readRecent(),
    'project:openDemo': async () => {
      const folder = join(context.userDataDir, 'demo');
      mkdirSync(folder, { recursive: true });
      const path = join(folder, 'demo-project.sqlite');
      open(path, true);
      if (!requireProject().listDatasets().some((d) => d.name === DEMO_DATASET_NAME)) {
        const csvPath = join(folder, 'demo-cohort.csv');
        await writeDemoCohortCsv(csvPath, DEMO_PARTICIPANTS);
        await runJob({ kind: 'import', projectPath: path, csvPath, options: { name: DEMO_DATASET_NAME } });
        requireProject().saveMapping('demo mapping', mappingToTemplate(parseMapping(DEMO_MAPPING)));
      }
      // The same participants' relapse episodes (several rows each), for the Recurrent relapses step; also
      // added to a demo project made before they existed. Imported after the cohort, so the cohort stays first.
      if (!requireProject().listDatasets().some((d) => d.name === DEMO_EPISODES_DATASET_NAME)) {
        const episodesPath = join(folder, 'demo-episodes.csv');
        await writeDemoEpisodesCsv(episodesPath, DEMO_PARTICIPANTS);
        await runJob({ kind: 'import', projectPath: path, csvPath: episodesPath, options: { name: DEMO_EPISODES_DATASET_NAME } });
        requireProject().saveMapping(DEMO_EPISODES_MAPPING_NAME, mappingToTemplate(parseMapping(DEMO_EPISODES_MAPPING)), DEMO_EPISODES_DATASET_NAME);
      }
      return describeProject();
    },
    'dialog:openCsv': () => context.dialogs.openCsv(),
    'dialog:openProject': ({ create }) => context.dialogs.openProject(create),
    'dialog:openMapping': async () => {
      const path = await context.dialogs.openMapping();
      return path === null ? null : { path, text: readFileSync(path, 'utf8') };
    },
    'file:save': ({ suggestedName, content, encoding }) => context.dialogs.saveFile(suggestedName, Buffer.from(content, encoding)),
    'dataset:preview': ({ path, naCodes, columnTypes }) => previewCsv(path, { naCodes, columnTypes }),
    'dataset:import': async ({ path, ...options }) => {
      requireProject();
      const report = await runJob({ kind: 'import', projectPath: projectPath!, csvPath: path, options });
      return report;
    },
    'dataset:list': () => requireProject().listDatasets(),
    'dataset:rename': ({ dataset, to }) => {
      requireProject().renameDataset(dataset, to);
      return describeProject();
    },
    'dataset:delete': ({ dataset }) => {
      requireProject().deleteDataset(dataset);
      return describeProject();
    },
    'dataset:timeline': async ({ participants, measures, id, end, event, measureId, measureTime, measureColumns, name }) => {
      // the quick refusals before a worker starts: read-only, a taken name, a dataset or column not there
      const current = requireProject();
      const to = name.trim();
      current.assertWritable(`build the dataset "${to}" in it`);
      if (to === '') throw new UserFacingError('the new dataset needs a name');
      if (current.hasDataset(to)) throw new UserFacingError(`${basename(projectPath!)}: a dataset named "${to}" already exists; choose another name`);
      const spec = { id, end, event, time: measureTime, measures: measureColumns };
      const visitsId = measureId !== undefined && measureId !== id ? measureId : undefined;
      checkTimelineRequest(current, { participants, measures, spec, measureId: visitsId });
      const built = (await runJob({ kind: 'timeline', projectPath: projectPath!, participants, measures, spec, name: to, ...(visitsId ? { measureId: visitsId } : {}) })) as TimelineJobResult;
      return { ...built, project: describeProject() };
    },
    'dataset:summary': ({ dataset }) => summariseColumns(requireProject().readDataset(dataset)),
    'dataset:values': ({ dataset, mapping, columns, maxRows }) => {
      const raw = requireProject().readDataset(dataset);
      const frame = mapping === undefined ? raw : applyMapping(raw, parseMapping(mapping)).frame;
      const step = Math.max(1, Math.ceil(frame.nRows / maxRows));
      return {
        rows: frame.nRows,
        sampled: step > 1,
        columns: columns.map((name) => {
          const column = findColumn(frame, name);
          if (!column) throw new UserFacingError(`column "${name}" is not in the data`);
          if (!isNumericColumn(column)) throw new UserFacingError(`column "${name}" is ${column.type}, not numeric`);
          const values: (number | null)[] = [];
          for (let i = 0; i < frame.nRows; i += step) values.push(Number.isNaN(column.values[i]) ? null : column.values[i]);
          return { name, values };
        }),
      };
    },
    'dataset:histograms': ({ dataset, mapping, columns }) => {
      const raw = requireProject().readDataset(dataset);
      const frame = mapping === undefined ? raw : applyMapping(raw, parseMapping(mapping)).frame;
      return {
        rows: frame.nRows,
        columns: columns.map((name) => {
          const column = findColumn(frame, name);
          if (!column) throw new UserFacingError(`column "${name}" is not in the data`);
          if (!isNumericColumn(column)) throw new UserFacingError(`column "${name}" is ${column.type}, not numeric`);
          const { bins, n, missing } = binValues(column.values);
          return { name, n, missing, bins };
        }),
      };
    },
    'job:cancel': ({ jobId }) => context.jobs.cancel(namedJobs.get(jobId) ?? jobId),
    'mapping:suggest': ({ dataset }) => suggestMapping(requireProject().readDataset(dataset)),
    'mapping:validate': ({ dataset, mapping }) => validateMapping(requireProject().readDataset(dataset), parseMapping(mapping)),
    'mapping:save': ({ name, mapping }) => {
      // Stored in the public template format, so that what is saved is what a template file holds.
      const parsed = parseMapping(mapping);
      const current = requireProject();
      current.saveMapping(name, mappingToTemplate(parsed));
      if (parsed.excludeRows) current.appendAudit('rows-excluded', { mapping: name, dataset: null, exclusions: exclusionDetails(parsed) });
      return mappingNames();
    },
    'mapping:use': ({ dataset, mapping }) => {
      const current = requireProject();
      const parsed = parseMapping(mapping);
      const errors = validateMapping(current.readDataset(dataset), parsed).filter((i) => i.severity === 'error');
      if (errors.length > 0) throw new UserFacingError(`the mapping cannot be used yet: ${errors[0].message}${errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : ''}`);
      const excludedRows = (parsed.excludeRows ?? []).reduce((n, e) => n + e.rows.length, 0);
      if (excludedRows > 0 && !current.readOnly) current.appendAudit('rows-excluded', { dataset, exclusions: exclusionDetails(parsed) });
      return { excludedRows };
    },
    'mapping:list': () => (requireProject(), mappingNames()),
    'mapping:get': ({ name }) => requireProject().getMapping(name)?.mapping ?? null,
    'mapping:parse': ({ text }) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new UserFacingError(`the mapping file is not valid JSON (${(error as Error).message.split('\n')[0]})`);
      }
      return parseMapping(json);
    },
    'analysis:run': async ({ dataset, mapping, analysis, options, jobId: name }) => {
      requireProject();
      validateAnalysisOptions(analysis, options, 'app'); // fail fast, before a worker starts, in the form's words
      const { jobId, result } = context.jobs.run({ kind: 'analysis', projectPath: projectPath!, dataset, mapping, analysis, options }, context.emit);
      if (name === undefined) return result;
      // The renderer's name for the run, so that job:cancel with it reaches the runner's job.
      namedJobs.set(name, jobId);
      try {
        return await result;
      } finally {
        namedJobs.delete(name);
      }
    },
    'analysis:runs': () => requireProject().listAnalysisRuns(),
    'report:html': async ({ dataset, mapping, minCell, notes, sections, sitesBy, cox, correlation, survival }) => {
      requireProject();
      return runJob({ kind: 'report', projectPath: projectPath!, dataset, mapping, minCell, notes, sections, sitesBy, cox, correlation, survival });
    },
    'report:pdf': async ({ dataset, mapping, minCell, notes, sections, sitesBy, cox, correlation, survival }) => {
      requireProject();
      if (!context.printPdf) throw new UserFacingError('PDF export needs the desktop app; export the HTML report and print it from a browser instead');
      const report = (await runJob({ kind: 'report', projectPath: projectPath!, dataset, mapping, minCell, notes, sections, sitesBy, cox, correlation, survival })) as { html: string };
      const pdf = await context.printPdf(report.html);
      return context.dialogs.saveFile(`${dataset}-report.pdf`, Buffer.from(pdf));
    },
    'audit:list': () => requireProject().auditLog(),
  };
}
