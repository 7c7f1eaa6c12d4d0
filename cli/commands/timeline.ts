/**
 * `timeline --participants F --id COL --end COL --event COL --measures G --measure-time COL
 *  --measure COL[:tdc|:cumulative|:event] [--measure ...] --out F.csv [--json]`: builds the (start, stop]
 * table with time-dependent covariates from a participants file and a long file of measures, as R
 * survival's tmerge (shared/data/timeline-frames.ts), and writes it as CSV (the product's writer,
 * atomically). --json prints {rows, columns, problems}. Both files are read by the same CSV reader as
 * `analyze --csv`; records it cannot read are reported with the other problems, never dropped silently.
 */
import { basename } from 'node:path';
import { loadCsv, type ImportReport } from '../../node/import';
import { toCsv } from '../../shared/data/csv-write';
import { TimelineInputError } from '../../shared/data/timeline';
import { buildTimelineFromFrames, type MeasureKind, type TimelineMeasure, type TimelineProblem } from '../../shared/data/timeline-frames';
import { UserFacingError } from '../../shared/errors';
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { naCodesFrom } from '../data-source';
import { writeJson, writeOutputFile } from '../output';
import { checkInputFile, checkOutputFile } from '../paths';

const KINDS: readonly MeasureKind[] = ['tdc', 'cumulative', 'event'];

const USAGE = [
  'usage: cli timeline --participants F.csv --id COL --end COL --event COL --measures G.csv --measure-time COL',
  '                    --measure COL[:tdc|:cumulative|:event] [--measure ...] --out T.csv [--na "NA,-99"] [--json]',
  '',
  'Builds the (start, stop] table of time-dependent covariates, as R survival\'s tmerge:',
  '  tmerge(participants, participants, id, tstop = END, EVENT = event(END, EVENT)), then from the measures file',
  '  COL = tdc(TIME, COL) (the value holds from its time on), cumtdc(TIME, COL) (:cumulative, the running sum)',
  '  or event(TIME, COL) (:event, the value on the interval that ends at that time). Default kind: tdc.',
  '',
  '  --participants F   one row per participant: --id, --end (follow-up end, a number > 0), --event (status at the end)',
  '  --measures G       one row per measurement: the same --id column, --measure-time (same unit as --end), the measures',
  '  --out T.csv        the table: id, tstart, tstop, the event column, then each measure (--json alone prints it instead)',
  '  --na CODES         cell values that mean missing, in both files (default: empty, NA, N/A, …)',
  '  --json             print {rows, columns, problems} (problems: rows left out, times that change nothing, notes, tmerge\'s tcount)',
].join('\n');

/** `craving`, `craving:tdc`, `visits:cumulative`, `relapse:event`. */
export function parseMeasure(text: string): TimelineMeasure {
  const colon = text.lastIndexOf(':');
  const column = (colon < 0 ? text : text.slice(0, colon)).trim();
  const kind = (colon < 0 ? 'tdc' : text.slice(colon + 1).trim()) as MeasureKind;
  if (!KINDS.includes(kind)) throw new UsageError(`--measure "${text}": the kind after ":" must be tdc, cumulative or event`);
  if (column === '') throw new UsageError(`--measure "${text}": name the measure's column`);
  return { column, kind };
}

/** Records of a file the CSV reader could not read, as a problem (never a silent loss). */
function unreadable(report: ImportReport, file: TimelineProblem['file'], label: string): TimelineProblem[] {
  if (report.rejectedRows === 0) return [];
  const first = report.rejections.examples[0];
  const where = first ? ` (first: line ${first.line}: ${first.reason.replace(/^line \d+:\s*/, '')})` : '';
  return [{ file, code: 'record-unreadable', count: report.rejectedRows, message: `${report.rejectedRows} record${report.rejectedRows === 1 ? '' : 's'} of ${label} could not be read and ${report.rejectedRows === 1 ? 'was' : 'were'} left out${where}` }];
}

/** Cells of a used column that were not of its type (read as missing), with their first line. */
function invalidValues(report: ImportReport, columns: string[], file: TimelineProblem['file'], label: string): TimelineProblem[] {
  return report.columns
    .filter((c) => columns.includes(c.name) && c.invalid > 0)
    .map((c) => {
      const first = c.invalidExamples[0];
      const where = first ? ` (first: line ${first.line}: "${first.value}")` : '';
      return { file, code: 'value-unreadable', measure: c.name, count: c.invalid, message: `${label}: ${c.invalid} value${c.invalid === 1 ? '' : 's'} of column "${c.name}" ${c.invalid === 1 ? 'is' : 'are'} not ${c.type === 'date' ? 'a date' : 'a number'} and ${c.invalid === 1 ? 'was' : 'were'} read as missing${where}` };
    });
}

export const timelineCommand: CliCommand = {
  name: 'timeline',
  summary: "build the (start, stop] table of time-dependent covariates from a participants file and a measures file (R's tmerge)",
  usage: () => USAGE,
  async run(argv) {
    const { values } = parseCommandLine(argv, {
      participants: { type: 'string' },
      id: { type: 'string' },
      end: { type: 'string' },
      event: { type: 'string' },
      measures: { type: 'string' },
      'measure-time': { type: 'string' },
      measure: { type: 'string', multiple: true },
      out: { type: 'string' },
      na: { type: 'string' },
      json: { type: 'boolean' },
    });
    const need = (flag: string, what: string): string => {
      const value = values[flag];
      if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${flag} ${what} is required`);
      return value.trim();
    };
    const participantsFile = need('participants', 'F.csv (one row per participant)');
    const id = need('id', 'COL (the participant id, in both files)');
    const end = need('end', 'COL (the end of follow-up)');
    const event = need('event', 'COL (the event status at the end)');
    const measuresFile = need('measures', 'G.csv (one row per measurement)');
    const time = need('measure-time', 'COL (the time of each measurement)');
    const measureFlags = (values.measure as unknown as string[] | undefined) ?? [];
    if (measureFlags.length === 0) throw new UsageError('--measure COL[:tdc|:cumulative|:event] is required (give it once per measure)');
    const measures = measureFlags.map(parseMeasure);
    const out = typeof values.out === 'string' ? values.out : undefined;
    if (out === undefined && !values.json) throw new UsageError('--out T.csv is required (or --json to print the table)');
    if (out !== undefined) checkOutputFile(out, 'timeline table');
    checkInputFile(participantsFile, 'participants');
    checkInputFile(measuresFile, 'measures');

    const started = performance.now();
    const naCodes = naCodesFrom(values);
    const participants = await loadCsv(participantsFile, { naCodes });
    const measureData = await loadCsv(measuresFile, { naCodes });
    const loadMs = performance.now() - started;
    const labels = { participants: basename(participantsFile), measures: basename(measuresFile) };
    let table: ReturnType<typeof buildTimelineFromFrames>;
    try {
      table = buildTimelineFromFrames(participants.frame, measureData.frame, { id, end, event, time, measures }, labels);
    } catch (error) {
      if (error instanceof TimelineInputError) throw new UserFacingError(error.message);
      throw error;
    }
    const buildMs = performance.now() - started - loadMs;
    table.problems.dropped.unshift(
      ...unreadable(participants.report, 'participants', labels.participants),
      ...invalidValues(participants.report, [id, end, event], 'participants', labels.participants),
      ...unreadable(measureData.report, 'measures', labels.measures),
      ...invalidValues(measureData.report, [id, time, ...measures.map((m) => m.column)], 'measures', labels.measures),
    );
    if (out !== undefined) writeOutputFile(out, toCsv(table.columns, table.rows), 'timeline table');
    if (values.json) {
      writeJson({
        columns: table.columns,
        rows: table.rows.map((row) => Object.fromEntries(table.columns.map((c, j) => [c, row[j]]))),
        problems: table.problems,
        participants: table.participants,
        ...(out !== undefined ? { out } : {}),
        timing: { loadMs, buildMs },
      });
      return;
    }
    const lines = [`wrote ${out} (${table.rows.length} intervals of ${table.participants} participants; columns ${table.columns.join(', ')})`];
    for (const p of [...table.problems.dropped, ...table.problems.ignored, ...table.problems.notes]) lines.push(`note: ${p.message}`);
    process.stdout.write(lines.join('\n') + '\n');
  },
};
