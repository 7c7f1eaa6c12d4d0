/** The project store: open/create a project file and read and write what it holds. */
export { closeAndDiscardIfNew, openProject, Project } from './project';
export type { AnalysisRunRecord, AuditEntry, DatasetSummary, DatasetWriter, MappingRecord, RejectedRecord, StoredColumn } from './project';
export { APPLICATION_ID, SCHEMA_VERSION } from './migrations';
