/** The long-running jobs main hands to a worker thread, and their messages. */
import type { JobProgressEvent } from '../../shared/ipc/contract';
import type { TimelineSpec } from '../../shared/data/timeline-frames';
import type { ColumnType } from '../../shared/data/frame';

export interface ImportJobRequest {
  kind: 'import';
  projectPath: string;
  csvPath: string;
  options: {
    name?: string;
    naCodes?: string[];
    dropColumns?: string[];
    confirmIdentifiers?: string[];
    dateOrder?: Record<string, 'DMY' | 'MDY'>;
    columnTypes?: Record<string, ColumnType>;
  };
}

export interface AnalysisJobRequest {
  kind: 'analysis';
  projectPath: string;
  dataset: string;
  mapping?: unknown;
  analysis: string;
  options: Record<string, unknown>;
}

export interface ReportJobRequest {
  kind: 'report';
  projectPath: string;
  dataset: string;
  mapping: unknown;
  minCell: number;
  notes?: string;
  sections?: string[];
  /** The site column of the opt-in sites section (report settings' sitesBy). */
  sitesBy?: string;
  /** The user-built analyses (report settings' cox, correlation, survival): the app's Cox, Correlation and Survival steps as set up. */
  cox?: unknown;
  correlation?: unknown;
  survival?: unknown;
}

/** The timeline builder: a new dataset of (start, stop] rows from two datasets of the project (timeline-job.ts). */
export interface TimelineJobRequest {
  kind: 'timeline';
  projectPath: string;
  participants: string;
  measures: string;
  /** The visits dataset's id column, when it is not named as spec.id (the participants'). */
  measureId?: string;
  spec: TimelineSpec;
  name: string;
}

export type JobRequest = ImportJobRequest | AnalysisJobRequest | ReportJobRequest | TimelineJobRequest;

export type ProgressReporter = (fraction: number | null, message: string) => void;

export type WorkerInbound = { type: 'run'; jobId: string; request: JobRequest } | { type: 'cancel'; jobId: string };
export type WorkerOutbound =
  | { type: 'progress'; jobId: string; fraction: number | null; message: string }
  | { type: 'done'; jobId: string; value: unknown }
  | { type: 'error'; jobId: string; error: string; userFacing: boolean };

export interface JobRunner {
  run(request: JobRequest, onProgress: (event: JobProgressEvent) => void): { jobId: string; result: Promise<unknown> };
  cancel(jobId: string): boolean;
  /** Stops every worker (app quit). */
  dispose(): Promise<void>;
}
