/**
 * The analysis workspace: a left navigation with the guided steps (Project → Data → Mapping → Overview
 * → Survival → Cox → Compare sites → Recurrent relapses → Correlation → More analyses → Report) and the view of the current step. The shared state (project,
 * dataset, confirmed mapping) lives here and reaches the views through WorkspaceContext.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { call } from './api';
import { WorkspaceContext, type StepId, type Workspace } from './views/workspace';
import type { DatasetSummaryInfo, MappingTemplate, ProjectInfo } from './views/types';
import { ProjectView } from './views/ProjectView';
import { DataView } from './views/DataView';
import { MappingView } from './views/MappingView';
import { OverviewView } from './views/OverviewView';
import { SurvivalView } from './views/SurvivalView';
import { CoxView } from './views/CoxView';
import { SitesView } from './views/SitesView';
import { RecurrentView } from './views/RecurrentView';
import { asTemplate, isSeveralRows } from './views/mapping-model';
import { CorrelationView } from './views/CorrelationView';
import { MoreAnalysesView } from './views/DeclaredAnalysisView';
import { ReportView } from './views/ReportView';

interface StepDef {
  id: StepId;
  label: string;
  hint: string;
  needs: 'nothing' | 'project' | 'dataset' | 'mapping';
}

export const STEPS: readonly StepDef[] = [
  { id: 'project', label: 'Project', hint: 'Open or create a project', needs: 'nothing' },
  { id: 'data', label: 'Data', hint: 'Import and check a cohort file', needs: 'project' },
  { id: 'mapping', label: 'Mapping', hint: 'Say which columns hold the outcome and the factors', needs: 'dataset' },
  { id: 'overview', label: 'Overview', hint: 'The cohort at a glance', needs: 'mapping' },
  { id: 'survival', label: 'Survival', hint: 'Time to relapse by group', needs: 'mapping' },
  { id: 'cox', label: 'Cox', hint: 'Hazard ratios, adjusted for each other', needs: 'mapping' },
  { id: 'sites', label: 'Compare sites', hint: 'Sites against expected, adjusted for case mix', needs: 'mapping' },
  { id: 'recurrent', label: 'Recurrent relapses', hint: 'Repeated relapse episodes of each participant', needs: 'mapping' },
  { id: 'correlation', label: 'Correlation', hint: 'How factors and outcomes go together', needs: 'mapping' },
  { id: 'more', label: 'More analyses', hint: 'Further analyses, each shown from its declaration', needs: 'mapping' },
  { id: 'report', label: 'Report', hint: 'A report to share', needs: 'mapping' },
];

/**
 * Steps that analyse one row per participant (the mapping's derived outcome): not for a mapping of several
 * rows per participant. The report takes both: with several rows it holds the Repeated relapses section.
 */
const ONE_ROW_STEPS: ReadonlySet<StepId> = new Set(['overview', 'survival', 'cox', 'sites', 'correlation', 'more']);

const NEEDS_TEXT = { project: 'open a project first', dataset: 'choose a dataset first', mapping: 'confirm a mapping first' } as const;

export function App() {
  const [step, setStep] = useState<StepId>('project');
  const [project, setProject] = useState<ProjectInfo | null>(null);
  const [dataset, setDataset] = useState<string | null>(null);
  const [summary, setSummary] = useState<DatasetSummaryInfo | null>(null);
  const [mapping, setMapping] = useState<MappingTemplate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mainRef = useRef<HTMLElement>(null);

  const selectDataset = useCallback(async (name: string | null) => {
    setDataset(name);
    setMapping(null);
    setSummary(null);
    if (name === null) return;
    try {
      setSummary((await call('dataset:summary', { dataset: name })) as DatasetSummaryInfo);
      // A mapping saved for this dataset (the demo's episodes, several rows each) is taken at once, so the
      // Recurrent relapses step shows them without a visit to the Mapping step.
      const savedFor = project?.mappingFor?.[name];
      const saved = savedFor ? await call('mapping:get', { name: savedFor }) : null;
      if (saved) setMapping(asTemplate(saved));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [project]);

  const chooseProject = useCallback((next: ProjectInfo | null) => {
    setProject(next);
    setDataset(null);
    setSummary(null);
    setMapping(null);
  }, []);

  const goTo = useCallback((next: StepId) => {
    setStep(next);
  }, []);

  // Move focus to the new view's heading so keyboard and screen-reader users land on it.
  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [step]);

  const workspace: Workspace = useMemo(
    () => ({ project, dataset, summary, mapping, setProject: chooseProject, selectDataset, setMapping, goTo }),
    [project, dataset, summary, mapping, chooseProject, selectDataset, goTo],
  );

  const blocked = (needs: StepDef['needs']): string | null => {
    if (needs === 'project' && !project) return NEEDS_TEXT.project;
    if (needs === 'dataset' && !dataset) return project ? NEEDS_TEXT.dataset : NEEDS_TEXT.project;
    if (needs === 'mapping' && !mapping) return !project ? NEEDS_TEXT.project : !dataset ? NEEDS_TEXT.dataset : NEEDS_TEXT.mapping;
    return null;
  };

  const oneRowOnly = isSeveralRows(mapping) && ONE_ROW_STEPS.has(step);

  return (
    <WorkspaceContext.Provider value={workspace}>
      <a className="skip-link" href="#workspace-main">
        Skip to the current step
      </a>
      <div className="app">
        <nav className="steps" aria-label="Analysis steps">
          <p className="app-name">Relapse Workbench</p>
          <ol>
            {STEPS.map((s, i) => {
              const reason = blocked(s.needs);
              return (
                <li key={s.id}>
                  <button
                    type="button"
                    className={s.id === step ? 'step current' : 'step'}
                    aria-current={s.id === step ? 'step' : undefined}
                    aria-disabled={reason ? true : undefined}
                    title={reason ? `${s.hint} (${reason})` : s.hint}
                    data-step={s.id}
                    onClick={() => {
                      if (!reason) setStep(s.id);
                    }}
                  >
                    <span className="step-number" aria-hidden="true">
                      {i + 1}
                    </span>
                    <span className="step-label">{s.label}</span>
                    {reason ? <span className="visually-hidden"> ({reason})</span> : null}
                  </button>
                </li>
              );
            })}
          </ol>
          <div className="context">
            {project?.path ? <p title={project.path}>Project: {project.path.split(/[\\/]/).pop()}</p> : null}
            {dataset ? <p>Dataset: {dataset}</p> : null}
            {mapping ? <p>Mapping confirmed</p> : null}
          </div>
        </nav>
        <main id="workspace-main" ref={mainRef} className="view" data-view={step}>
          {error ? (
            <div className="note note-error" role="alert">
              {error}{' '}
              <button type="button" onClick={() => setError(null)}>
                Dismiss
              </button>
            </div>
          ) : null}
          {project?.readOnly ? (
            <p className="note note-warning" role="status" data-testid="read-only-note">
              Opened read-only{project.readOnlyReason ? `: ${project.readOnlyReason}` : ''}. You can view and analyse; nothing is saved to this project.
            </p>
          ) : null}
          {step === 'project' ? <ProjectView /> : null}
          {step === 'data' ? <DataView /> : null}
          {step === 'mapping' ? <MappingView /> : null}
          {isSeveralRows(mapping) && ONE_ROW_STEPS.has(step) ? (
            <section aria-labelledby="one-row-title">
              <h1 id="one-row-title" tabIndex={-1}>
                {STEPS.find((s) => s.id === step)?.label}
              </h1>
              <p className="lead" data-testid="needs-one-row">
                This step needs one row per participant; the mapping has several rows per participant, which the Recurrent relapses step analyses.{' '}
                <button type="button" className="small" onClick={() => setStep('recurrent')}>
                  Recurrent relapses
                </button>
              </p>
            </section>
          ) : null}
          {step === 'overview' && !oneRowOnly ? <OverviewView /> : null}
          {step === 'survival' && !oneRowOnly ? <SurvivalView /> : null}
          {step === 'cox' && !oneRowOnly ? <CoxView /> : null}
          {step === 'sites' && !oneRowOnly ? <SitesView /> : null}
          {step === 'recurrent' ? <RecurrentView /> : null}
          {step === 'correlation' && !oneRowOnly ? <CorrelationView /> : null}
          {step === 'more' && !oneRowOnly ? <MoreAnalysesView /> : null}
          {step === 'report' && !oneRowOnly ? <ReportView /> : null}
        </main>
      </div>
    </WorkspaceContext.Provider>
  );
}
