/**
 * Start screen: open the demo cohort, create or open a project file, or pick a recent project.
 */
import { useEffect, useState } from 'react';
import { call } from '../api';
import { Busy, ErrorNote } from '../components/Notices';
import { useWorkspace } from './workspace';
import type { ProjectInfo } from './types';
import { asTemplate, mappingNames } from './mapping-model';

export function ProjectView() {
  const workspace = useWorkspace();
  const [recent, setRecent] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call('project:recent', {}).then(
      (list) => setRecent(list as string[]),
      () => setRecent([]),
    );
  }, [workspace.project]);

  const act = async (label: string, action: () => Promise<ProjectInfo | null>, next: 'data' | 'overview' = 'data') => {
    setError(null);
    setBusy(label);
    try {
      const project = await action();
      if (project) {
        workspace.setProject(project);
        if (next === 'overview' && project.datasets.length > 0) {
          await workspace.selectDataset(project.datasets[0].name);
          const savedName = mappingNames(project.mappings)[0];
          const saved = savedName ? await call('mapping:get', { name: savedName }) : null;
          if (saved) {
            workspace.setMapping(asTemplate(saved));
            workspace.goTo('overview');
            return;
          }
          workspace.goTo('mapping');
          return;
        }
        workspace.goTo('data');
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  // The very first start of the desktop app opens the demo cohort, so there is something to see.
  useEffect(() => {
    if (workspace.project) return;
    call('app:info', {}).then(
      (info) => {
        if (info.firstRun) void act('Preparing the demo cohort', async () => (await call('project:openDemo', {})) as ProjectInfo, 'overview');
      },
      () => undefined,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on the first mount
  }, []);

  const openWithDialog = (create: boolean) =>
    act(create ? 'Creating the project' : 'Opening the project', async () => {
      const path = (await call('dialog:openProject', { create })) as string | null;
      return path ? ((await call('project:open', { path, create })) as ProjectInfo) : null;
    });

  return (
    <section aria-labelledby="project-title">
      <h1 id="project-title" tabIndex={-1}>
        Start
      </h1>
      <p className="lead">
        A project keeps your imported cohorts, your column mappings and every analysis you run, in one file on this computer. Nothing
        leaves this computer.
      </p>
      <div className="card-row">
        <div className="card">
          <h2>Try the demo cohort</h2>
          <p>A made-up cohort of 5,000 participants with all nine relapse factors, already mapped, to explore the steps safely.</p>
          <button type="button" className="primary" onClick={() => act('Preparing the demo cohort', async () => (await call('project:openDemo', {})) as ProjectInfo, 'overview')}>
            Open the demo cohort
          </button>
        </div>
        <div className="card">
          <h2>Your own data</h2>
          <p>Create a new project file, then import a cohort CSV into it.</p>
          <div className="button-row">
            <button type="button" className="primary" onClick={() => openWithDialog(true)}>
              New project…
            </button>
            <button type="button" onClick={() => openWithDialog(false)}>
              Open project…
            </button>
          </div>
        </div>
      </div>
      <Busy busy={busy !== null} label={busy ?? undefined} />
      <ErrorNote error={error} />
      {recent.length > 0 ? (
        <div className="card">
          <h2>Recent projects</h2>
          <ul className="plain-list">
            {recent.map((path) => (
              <li key={path}>
                <button type="button" className="link" onClick={() => act('Opening the project', async () => (await call('project:open', { path, create: false })) as ProjectInfo)}>
                  {path}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {workspace.project ? (
        <p>
          Open now: <code>{workspace.project.path}</code> with {workspace.project.datasets.length} dataset(s).
        </p>
      ) : null}
    </section>
  );
}
