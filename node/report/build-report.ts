/**
 * Builds a report end to end: prepare the data (mapping + exclusion rule), run the planned analyses,
 * build the report model, and render it to one self-contained HTML file with the app's own charts.
 * `buildReportHtml` is the job the app runs (IPC `report:html`); `buildReportFromFrame` is shared by
 * the CLI (`report`, `rerun --out`, `demo`) and the tests.
 */
import { type DataFrame, isNumericColumn } from '../../shared/data/frame';
import { UserFacingError } from '../../shared/errors';
import type { Mapping } from '../../shared/mapping/format';
import { buildReportModel, resolveSectionOrder, type Provenance } from '../../shared/report/build-model';
import type { ReportModel } from '../../shared/report/model';
import { columnsOfPlan, countOutcomes, crowdedGroups, defaultReportSettings, planAnalyses, prepareAnalysisData, reportGroups, type Exclusions, type PlannedAnalysis, type ReportSettings, withDeclaredSections, withoutCrowdedGroups } from '../../shared/report/plan';
import { renderReportHtml } from '../../presentation/report/render-report';
import type { Project } from '../store';
import { gatherFromProject, refuseRepeatedIdsInProject, reportColumns } from './gather';
import { runPlan, type PlanRun } from './run-plan';

export type ReportProgress = (fraction: number | null, message: string) => void;

export interface FrameReportRequest {
  /**
   * The raw dataset. buildReportFromFrame takes it: `frame` on the request is replaced by an empty frame,
   * and the frame's columns are taken out of it while the mapping is applied, each as soon as the derived
   * columns no longer need it (applyMapping's consumeExcept), so that the raw columns (factor items,
   * outcome columns, unmapped columns) are freed one factor at a time; at 5,000,000 participants they are
   * most of the memory. Callers must not use the frame afterwards.
   */
  frame: DataFrame;
  provenance: Provenance;
  mapping: Mapping;
  minCell: number;
  settings?: ReportSettings;
  /** The analyses to run; default: planned from the mapping and settings. */
  plan?: PlannedAnalysis[];
  notes?: string;
  sections?: string[];
  title?: string;
  generatedAt?: Date;
  progress?: ReportProgress;
}

export interface BuiltReport {
  html: string;
  /** Section ids in the report, in order. */
  sections: string[];
  model: ReportModel;
  runs: PlanRun[];
  exclusions: Exclusions;
}

export async function buildReportFromFrame(request: FrameReportRequest): Promise<BuiltReport> {
  const progress = request.progress ?? (() => {});
  // A declared analysis's section asked for (`declared:<id>`, from the app's Report step or `report --sections`) joins the plan.
  const settings = withDeclaredSections(request.settings ?? defaultReportSettings(), request.sections);
  // Fail on an unknown section before any computing.
  resolveSectionOrder(request.sections, reportGroups(request.mapping, settings), settings.declared);
  progress(0, 'applying the mapping');
  const planned = request.plan ?? planAnalyses(request.mapping, settings);
  if (settings.sitesBy !== undefined && !request.frame.columns.some((c) => c.name === settings.sitesBy)) {
    throw new UserFacingError(`the site column "${settings.sitesBy}" of the sites section is not in the data`);
  }
  // The raw frame is given up: applyMapping takes its columns out as soon as the scores no longer need them.
  const raw = request.frame;
  request.frame = { nRows: 0, columns: [] };
  const prepared = prepareAnalysisData(raw, request.mapping, { keep: columnsOfPlan(planned), consume: true });
  // A mapped group column of more than 20 groups among the analysed rows is not compared by default (one line says why).
  const crowded = crowdedGroups(prepared.frame, request.mapping, settings);
  const plan = withoutCrowdedGroups(planned, crowded);
  // Columns read lazily from a project (gatherFromProject's `lazy`: the group columns, not yet used) are read
  // now, so that a damaged project is refused in one line before any analysis, not given as a failed section.
  for (const column of prepared.frame.columns) void (isNumericColumn(column) ? column.values : column.codes);
  // Counted before the runs, which are given the prepared frame and drop its columns as they finish with them.
  const outcomes = countOutcomes(prepared.frame);
  const runs = runPlan(prepared.frame, plan, (done, total, key) => progress((0.1 + (0.5 * done) / total), `computing ${key}`), { frameGivenUp: true });
  const model = buildReportModel({
    title: request.title,
    mapping: request.mapping,
    settings,
    minCell: request.minCell,
    notes: request.notes,
    sections: request.sections,
    plan,
    runs,
    crowdedGroups: crowded,
    exclusions: prepared.exclusions,
    outcomes,
    provenance: request.provenance,
    generatedAt: request.generatedAt ?? new Date(),
  });
  const html = await renderReportHtml(model, (done, total) => progress(0.6 + (0.4 * done) / total, 'drawing charts'));
  progress(1, 'report ready');
  return { html, sections: model.sections.map((s) => s.id), model, runs, exclusions: prepared.exclusions };
}

export interface ProjectReportRequest {
  project: Project;
  dataset: string;
  mapping: Mapping;
  minCell: number;
  notes?: string;
  sections?: string[];
  settings?: ReportSettings;
  progress?: ReportProgress;
}

/** The app's report job: a project dataset to HTML. */
export async function buildReportHtml(request: ProjectReportRequest): Promise<{ html: string; sections: string[] }> {
  request.progress?.(null, 'reading the dataset');
  // no local binding of the frame: buildReportFromFrame releases it after preparing the analysis data
  refuseRepeatedIdsInProject(request.project, request.dataset, request.mapping);
  // The site column of the opt-in sites section is read too (it need not be a mapped column).
  // So are the columns of the user-built analyses (settings.cox, .correlation, .survival).
  const sitesBy = request.settings?.sitesBy;
  const user = { cox: request.settings?.cox, correlation: request.settings?.correlation, survival: request.settings?.survival };
  const columns = reportColumns({ ...request.mapping, ...(sitesBy ? { sitesBy } : {}), user }, request.project.datasetColumns(request.dataset).map((c) => c.name), { withoutId: true }) ?? undefined;
  // read lazily: the project stays open until the report is built
  const built = await buildReportFromFrame({ ...request, ...gatherFromProject(request.project, request.dataset, columns, { lazy: true }) });
  return { html: built.html, sections: built.sections };
}
