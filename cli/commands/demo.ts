/**
 * `demo --out DIR` (npm run demo): a result in one command. Writes into DIR the synthetic demo cohort
 * (5,000 participants, known true effects), its mapping, the analysis-only export and the full HTML
 * report with the default small-cell threshold; and the same participants' relapse episodes (several rows
 * each, monthly aftercare attendance), their mapping and their report (the Repeated relapses section).
 */
import { join } from 'node:path';
import { DEMO_SEED } from '../../shared/demo/demo-cohort';
import { writeDemoCohortCsv, writeDemoEpisodesCsv } from '../../node/files/demo-cohort-file';
import { DEMO_EPISODES_MAPPING } from '../../shared/demo/demo-episodes';
import { DEMO_MAPPING, DEMO_PARTICIPANTS } from '../../shared/demo/demo-mapping';
import { parseMapping, serialiseMapping } from '../../shared/mapping/format';
import { createAnalysisExport, serialiseAnalysisExport } from '../../shared/report/analysis-export';
import { defaultReportSettings } from '../../shared/report/plan';
import { DEFAULT_MIN_CELL } from '../../shared/report/suppression';
import { loadCsv } from '../../node/import';
import { buildReportFromFrame } from '../../node/report/build-report';
import { provenanceFromImport } from '../../node/report/gather';
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { makeOutputFolder, writeJson, writeOutputFile } from '../output';

export const DEMO_FILES = {
  cohort: 'demo-cohort.csv',
  mapping: 'demo-mapping.json',
  analysis: 'demo-analysis.json',
  report: 'demo-report.html',
  episodes: 'demo-episodes.csv',
  episodesMapping: 'demo-episodes-mapping.json',
  episodesReport: 'demo-episodes-report.html',
} as const;

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'write the demo cohort, its mapping, an analysis export and the full report into a folder',
  usage: () => `usage: cli demo --out DIR [--json]\n\n  writes ${Object.values(DEMO_FILES).join(', ')} into DIR (small-cell threshold ${DEFAULT_MIN_CELL})`,
  async run(argv) {
    const { values } = parseCommandLine(argv, { out: { type: 'string' }, json: { type: 'boolean' } });
    if (typeof values.out !== 'string') throw new UsageError('--out DIR is required');
    makeOutputFolder(values.out);
    const path = (name: string) => join(values.out as string, name);
    const mapping = parseMapping(DEMO_MAPPING);
    const settings = defaultReportSettings();
    await writeDemoCohortCsv(path(DEMO_FILES.cohort), DEMO_PARTICIPANTS, DEMO_SEED); // atomic, one-line errors
    writeOutputFile(path(DEMO_FILES.mapping), serialiseMapping(mapping), 'mapping');
    writeOutputFile(path(DEMO_FILES.analysis), serialiseAnalysisExport(createAnalysisExport(mapping, settings, DEFAULT_MIN_CELL)), 'analysis export');
    const { frame, report } = await loadCsv(path(DEMO_FILES.cohort));
    const built = await buildReportFromFrame({
      frame,
      provenance: provenanceFromImport(report, frame, { source: 'csv' }),
      mapping,
      settings,
      minCell: DEFAULT_MIN_CELL,
      title: 'Demo cohort: relapse analysis report',
      notes: 'This report was made from the synthetic demo cohort that ships with Relapse Workbench: 5,000 invented participants with known true effects. No real person is described.',
    });
    writeOutputFile(path(DEMO_FILES.report), built.html, 'report');
    // The same participants' repeated relapse episodes (several rows each) and their report (Repeated relapses).
    const episodesMapping = parseMapping(DEMO_EPISODES_MAPPING);
    await writeDemoEpisodesCsv(path(DEMO_FILES.episodes), DEMO_PARTICIPANTS);
    writeOutputFile(path(DEMO_FILES.episodesMapping), serialiseMapping(episodesMapping), 'mapping');
    const episodes = await loadCsv(path(DEMO_FILES.episodes));
    const episodesReport = await buildReportFromFrame({
      frame: episodes.frame,
      provenance: provenanceFromImport(episodes.report, episodes.frame, { source: 'csv' }),
      mapping: episodesMapping,
      settings,
      minCell: DEFAULT_MIN_CELL,
      title: 'Demo episodes: repeated relapses report',
      notes: 'This report was made from the synthetic demo episodes that ship with Relapse Workbench: every relapse episode of the 5,000 invented demo participants, with monthly aftercare attendance, and known true effects (aftercare attended in a month: rate ratio 0.61). No real person is described.',
    });
    writeOutputFile(path(DEMO_FILES.episodesReport), episodesReport.html, 'report');
    const files = Object.fromEntries(Object.entries(DEMO_FILES).map(([k, name]) => [k, path(name)]));
    if (values.json) writeJson({ out: values.out, files, sections: built.sections, episodesSections: episodesReport.sections });
    else process.stdout.write(`wrote the demo into ${values.out}:\n${Object.values(files).map((f) => `  ${f}`).join('\n')}\nopen ${path(DEMO_FILES.report)} in a browser to read the report.\n`);
  },
};
