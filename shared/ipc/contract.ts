/**
 * The typed IPC contract between the renderer and the main process: one declaration per channel,
 * with the argument schema (validated at runtime in main) and the result type. The preload exposes
 * exactly these channels on `window.relapse`; the e2e test bridge serves the same channels over HTTP.
 */
import { z } from 'zod';
import { COLUMN_TYPES, type ColumnType } from '../data/frame';
import type { IpcResults } from './results';
import { DEFAULT_MIN_CELL } from '../report/suppression';
import { userCoxSchema, userCorrelationSchema, userSurvivalSchema } from '../report/plan';

const path = z.string().min(1).max(4096);
const name = z.string().min(1).max(200);

export const mappingArg = z.record(z.string(), z.unknown());
/** The user's type for some columns at import (the preview's type menu). */
const columnTypes = z.record(z.string().max(1000), z.enum(COLUMN_TYPES as [ColumnType, ...ColumnType[]])).optional();

export const ipcArgs = {
  'app:info': z.object({}),
  'project:current': z.object({}),
  'project:open': z.object({ path, create: z.boolean().default(false) }),
  'project:openDemo': z.object({}),
  'project:recent': z.object({}),
  'dialog:openCsv': z.object({}),
  'dialog:openProject': z.object({ create: z.boolean().default(false) }),
  'dialog:openMapping': z.object({}),
  'file:save': z.object({ suggestedName: name, content: z.string().max(256 * 1024 * 1024), encoding: z.enum(['utf8', 'base64']).default('utf8') }),
  'dataset:preview': z.object({ path, naCodes: z.array(z.string().max(50)).max(100).optional(), columnTypes }),
  'dataset:import': z.object({
    path,
    name: name.optional(),
    naCodes: z.array(z.string().max(50)).max(100).optional(),
    dropColumns: z.array(z.string()).max(10_000).optional(),
    confirmIdentifiers: z.array(z.string()).max(10_000).optional(),
    dateOrder: z.record(z.string(), z.enum(['DMY', 'MDY'])).optional(),
    columnTypes,
  }),
  'dataset:list': z.object({}),
  'dataset:rename': z.object({ dataset: name, to: name }),
  'dataset:delete': z.object({ dataset: name }),
  /**
   * The timeline builder (R's tmerge): a new dataset of (start, stop] rows from a participants dataset
   * (id, end of follow-up, event) and a long dataset of visits or measurements (id, day, measures).
   */
  'dataset:timeline': z.object({
    participants: name,
    measures: name,
    id: name,
    end: name,
    event: name,
    /** The id column of the visits dataset when it is named otherwise than the participants' id. */
    measureId: name.optional(),
    measureTime: name,
    measureColumns: z.array(z.object({ column: name, kind: z.enum(['tdc', 'cumulative', 'event']) })).min(1).max(200),
    name,
  }),
  'dataset:summary': z.object({ dataset: name }),
  /** Values of a few numeric analysis columns (after the mapping: scores, derived outcome), for scatter plots (histograms: dataset:histograms). */
  'dataset:values': z.object({ dataset: name, mapping: mappingArg.optional(), columns: z.array(name).min(1).max(50), maxRows: z.number().int().min(1).max(2_000_000).default(200_000) }),
  /** Histograms of a few numeric analysis columns (after the mapping), binned in main as R's hist() by default. */
  'dataset:histograms': z.object({ dataset: name, mapping: mappingArg.optional(), columns: z.array(name).min(1).max(50) }),
  'job:cancel': z.object({ jobId: z.string().min(1).max(100) }),
  'mapping:suggest': z.object({ dataset: name }),
  'mapping:validate': z.object({ dataset: name, mapping: mappingArg }),
  'mapping:save': z.object({ name, mapping: mappingArg }),
  /**
   * 'Use this mapping': checks the mapping against the dataset (refused in one line while an error
   * remains) and records the rows it leaves out (excludeRows) in the project's audit log.
   */
  'mapping:use': z.object({ dataset: name, mapping: mappingArg }),
  'mapping:list': z.object({}),
  'mapping:get': z.object({ name }),
  'mapping:parse': z.object({ text: z.string().max(10_000_000) }),
  /** `jobId`: a name the renderer gives this run, so that `job:cancel` with it stops the run (a newer request, the Cancel button). */
  'analysis:run': z.object({ dataset: name, mapping: mappingArg.optional(), analysis: z.string().min(1).max(50), options: z.record(z.string(), z.unknown()), jobId: z.string().min(1).max(100).optional() }),
  'analysis:runs': z.object({}),
  'report:html': z.object({ dataset: name, mapping: mappingArg, minCell: z.number().int().min(0).max(100).default(DEFAULT_MIN_CELL), notes: z.string().max(100_000).optional(), sections: z.array(z.string()).optional(), sitesBy: z.string().min(1).max(1000).optional(), cox: userCoxSchema.optional(), correlation: userCorrelationSchema.optional(), survival: userSurvivalSchema.optional() }),
  'report:pdf': z.object({ dataset: name, mapping: mappingArg, minCell: z.number().int().min(0).max(100).default(DEFAULT_MIN_CELL), notes: z.string().max(100_000).optional(), sections: z.array(z.string()).optional(), sitesBy: z.string().min(1).max(1000).optional(), cox: userCoxSchema.optional(), correlation: userCorrelationSchema.optional(), survival: userSurvivalSchema.optional() }),
  'audit:list': z.object({}),
} as const;

export type IpcChannel = keyof typeof ipcArgs;
export const IPC_CHANNELS = Object.keys(ipcArgs) as IpcChannel[];

export type IpcArgs<C extends IpcChannel> = z.input<(typeof ipcArgs)[C]>;
export type IpcParsedArgs<C extends IpcChannel> = z.output<(typeof ipcArgs)[C]>;
export type IpcResult<C extends IpcChannel> = C extends keyof IpcResults ? IpcResults[C] : unknown;

/** Every reply crosses the bridge as data; errors are one user-facing line, never a stack. */
export type IpcReply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Events main sends to the renderer (progress of long jobs). */
export interface JobProgressEvent {
  jobId: string;
  kind: 'import' | 'analysis' | 'report' | 'timeline';
  /** 0..1, or null when unknown. */
  fraction: number | null;
  message: string;
}

export { IPC_EVENT, IPC_INVOKE } from './channels';

/** The API the preload exposes on window.relapse (and the test bridge imitates). */
export interface RelapseApi {
  invoke<C extends IpcChannel>(channel: C, args: IpcArgs<C>): Promise<IpcReply<IpcResult<C>>>;
  onProgress(listener: (event: JobProgressEvent) => void): () => void;
  /** The file-system path of a file dropped on the window (Electron webUtils), or null when it has none. */
  pathForFile(file: File): string | null;
}

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ipcArgs, value);
}
