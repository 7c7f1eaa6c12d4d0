/** CSV import: preview, streaming import into a project, and load into memory. */
export { importCsv, loadCsv } from './import-csv';
export type { IdentifierDecision, ImportedColumnReport, ImportOptions, ImportReport } from './import-csv';
export { previewCsv } from './preview';
export type { ImportPreview, PreviewCell } from './preview';
export type { FlaggedIdentifier, IdentifierKind } from './identifiers';
export { DEFAULT_NA_CODES } from './values';
