/**
 * Test harness for the views: window.relapse answered by the real main-process handlers in-process
 * (createHandlers + dispatch, a real SQLite project in a temp folder, jobs run inline), with addicts.csv
 * imported, so the views show the engine's real numbers. Views render inside a WorkspaceContext whose
 * state the test chooses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ReactNode } from 'react';
import { fireEvent, within } from '@testing-library/react';
import { createHandlers } from '../../../../electron/main/ipc/handlers';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { InlineJobRunner } from '../../../../node/jobs/inline-runner';
import type { JobProgressEvent, RelapseApi } from '../../../../shared/ipc/contract';
import { WorkspaceContext, type StepId, type Workspace } from '../../../../renderer/src/views/workspace';
import type { DatasetSummaryInfo, MappingTemplate, ProjectInfo } from '../../../../renderer/src/views/types';

export const ADDICTS_CSV = resolve(import.meta.dirname, '../../../fixtures/data/addicts.csv');

export const ADDICTS_MAPPING: MappingTemplate = {
  format: 'relapse-workbench-mapping',
  version: 1,
  id: 'id',
  outcome: { time: 'time', event: 'status', eventValues: ['1'] },
  groups: ['clinic'],
  factors: { physical_dependence: [{ column: 'dose', direction: 'protective' }], environmental_triggers: [{ column: 'prison', direction: 'risk' }] },
};

export interface Harness {
  /** Every call the views made, with main's reply (ok/value or error). */
  calls: { channel: string; args: unknown; reply?: unknown }[];
  saved: { name: string; content: string }[];
  progress: Set<(event: JobProgressEvent) => void>;
  project: ProjectInfo;
  summary: DatasetSummaryInfo;
  /** Imports another CSV into the project (outside the views) and returns its column summary. */
  importCsv(path: string, name: string): Promise<DatasetSummaryInfo>;
  /** What the "open mapping" dialog answers next (null: cancelled). */
  setMappingFile(path: string | null): void;
  close(): void;
}

export async function startHarness(): Promise<Harness> {
  const root = mkdtempSync(join(tmpdir(), 'relapse-views-'));
  const calls: Harness['calls'] = [];
  const saved: Harness['saved'] = [];
  const progress = new Set<(event: JobProgressEvent) => void>();
  let mappingFile: string | null = null;
  const handlers = createHandlers({
    appVersion: 'test',
    userDataDir: join(root, 'user'),
    jobs: new InlineJobRunner(),
    dialogs: {
      openCsv: async () => ADDICTS_CSV,
      openProject: async () => join(root, 'project.sqlite'),
      openMapping: async () => mappingFile,
      saveFile: async (name, data) => {
        saved.push({ name, content: data.toString('utf8') });
        return join(root, name);
      },
    },
    emit: (event) => progress.forEach((listener) => listener(event)),
    log: () => {},
  });
  const api: RelapseApi = {
    pathForFile: () => null,
    invoke: (async (channel: string, args: unknown) => {
      const entry: Harness['calls'][number] = { channel, args };
      calls.push(entry);
      entry.reply = await dispatch(handlers, channel, args);
      return entry.reply;
    }) as RelapseApi['invoke'],
    onProgress: (listener) => {
      progress.add(listener);
      return () => progress.delete(listener);
    },
  };
  window.relapse = api;
  await dispatch(handlers, 'project:open', { path: join(root, 'project.sqlite'), create: true });
  const imported = await dispatch(handlers, 'dataset:import', { path: ADDICTS_CSV, name: 'addicts' });
  if (!imported.ok) throw new Error(imported.error);
  const project = (await dispatch(handlers, 'project:current', {})) as { ok: true; value: ProjectInfo };
  const summary = (await dispatch(handlers, 'dataset:summary', { dataset: 'addicts' })) as { ok: true; value: DatasetSummaryInfo };
  calls.length = 0;
  return {
    calls,
    saved,
    progress,
    project: project.value,
    summary: summary.value,
    async importCsv(path, name) {
      const reply = await dispatch(handlers, 'dataset:import', { path, name });
      if (!reply.ok) throw new Error(reply.error);
      const columns = (await dispatch(handlers, 'dataset:summary', { dataset: name })) as { ok: true; value: DatasetSummaryInfo };
      return columns.value;
    },
    setMappingFile(path) {
      mappingFile = path;
    },
    close() {
      handlers.close();
      delete window.relapse;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function workspaceFor(harness: Harness, mapping: MappingTemplate | null, overrides: Partial<Workspace> = {}): Workspace & { visited: StepId[] } {
  const visited: StepId[] = [];
  return {
    project: harness.project,
    dataset: 'addicts',
    summary: harness.summary,
    mapping,
    setProject: () => {},
    selectDataset: async () => {},
    setMapping: () => {},
    goTo: (step) => visited.push(step),
    visited,
    ...overrides,
  };
}

export function withWorkspace(workspace: Workspace, children: ReactNode) {
  return <WorkspaceContext.Provider value={workspace}>{children}</WorkspaceContext.Provider>;
}

/** Ticks (or unticks) the checkbox `label` in the form field of option `group` (data-option), as a user clicks it. */
export function tick(group: string, label: string): void {
  const field = document.querySelector(`[data-option="${group}"]`) as HTMLElement;
  fireEvent.click(within(field).getByLabelText(label));
}
