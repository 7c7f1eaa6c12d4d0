// @vitest-environment jsdom
/**
 * A project opened read-only (its file or folder cannot be written): the app says so once, in one
 * line with main's reason, and does not offer what would write to the project (importing a CSV,
 * saving a mapping template in it). With the real handlers on a project in a really read-only place
 * where this machine can make one (test/helpers/read-only-place.ts), and with the views alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../../../renderer/src/App';
import { DataView } from '../../../../renderer/src/views/DataView';
import { MappingView } from '../../../../renderer/src/views/MappingView';
import { createHandlers } from '../../../../electron/main/ipc/handlers';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { InlineJobRunner } from '../../../../node/jobs/inline-runner';
import { closeCachedProjects } from '../../../../node/jobs/execute';
import type { RelapseApi } from '../../../../shared/ipc/contract';
import { readOnlyWays } from '../../../helpers/read-only-place';
import { ADDICTS_CSV, ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const LONG = { timeout: 20_000 };
const ways = readOnlyWays();

describe.runIf(ways.length > 0)('App with a project in a read-only place', () => {
  test('one line says it is read-only and why; the data step offers no import', async () => {
    const way = ways[0];
    const place = way.make();
    const userData = mkdtempSync(join(tmpdir(), 'rw-renderer-read-only-'));
    const path = join(place.folder, 'p.sqlite');
    const handlers = createHandlers({
      appVersion: 'test',
      userDataDir: userData,
      jobs: new InlineJobRunner(),
      dialogs: { openCsv: async () => ADDICTS_CSV, openProject: async () => path, openMapping: async () => null, saveFile: async () => null },
      emit: () => {},
      log: () => {},
    });
    try {
      expect((await dispatch(handlers, 'project:open', { path, create: true })).ok).toBe(true);
      expect((await dispatch(handlers, 'dataset:import', { path: ADDICTS_CSV, name: 'addicts' })).ok).toBe(true);
      handlers.close();
      place.lock();
      const api: RelapseApi = {
        pathForFile: () => null,
        invoke: ((channel: string, args: unknown) => dispatch(handlers, channel, args)) as RelapseApi['invoke'],
        onProgress: () => () => {},
      };
      window.relapse = api;

      render(<App />);
      expect(screen.queryByTestId('read-only-note')).toBeNull();
      fireEvent.click(screen.getByRole('button', { name: 'Open project…' }));
      await waitFor(() => expect(document.querySelector('main')!.getAttribute('data-view')).toBe('data'), LONG);
      const notes = screen.getAllByTestId('read-only-note');
      expect(notes).toHaveLength(1);
      expect(notes[0].textContent).toMatch(new RegExp(`^Opened read-only: ${way.reason.source}\\. You can view and analyse; nothing is saved to this project\\.$`));
      expect((screen.getByRole('button', { name: 'Choose a CSV file…' }) as HTMLButtonElement).disabled).toBe(true);
      expect(screen.getByTestId('import-read-only').textContent).toContain('open read-only');
      // The datasets already in it can still be used.
      expect(screen.getByRole('button', { name: 'addicts' })).toBeTruthy();
    } finally {
      cleanup();
      delete window.relapse;
      handlers.close();
      closeCachedProjects();
      place.release();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});

describe('views of a read-only project', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());
  afterEach(cleanup);

  const readOnly = () => ({ ...harness.project, readOnly: true, readOnlyReason: 'the file system is read-only' });

  test('DataView: no import offered, and why', () => {
    render(withWorkspace(workspaceFor(harness, null, { project: readOnly() }), <DataView />));
    expect((screen.getByRole('button', { name: 'Choose a CSV file…' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('import-read-only').textContent).toBe(
      'This project is open read-only, so nothing can be imported into it. To import, open or create a project in a folder you can write to.',
    );
  });

  test('DataView of a writable project offers the import', () => {
    render(withWorkspace(workspaceFor(harness, null), <DataView />));
    expect((screen.getByRole('button', { name: 'Choose a CSV file…' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId('import-read-only')).toBeNull();
  });

  test('MappingView: a template cannot be saved in the project, saving to a file still can', () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING, { project: readOnly() }), <MappingView />));
    fireEvent.change(screen.getByLabelText('Template name'), { target: { value: 'mine' } });
    expect((screen.getByRole('button', { name: 'Save in project' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Save to file…' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId('templates-read-only').textContent).toBe('This project is open read-only: templates cannot be saved in it. Save to file instead.');
    fireEvent.click(screen.getByRole('button', { name: 'Save in project' }));
    expect(harness.calls.some((c) => c.channel === 'mapping:save')).toBe(false);
  });
});

