import { describe, expect, test } from 'vitest';
import { DEMO_MAPPING } from '../../../shared/demo/demo-mapping';
import { parseMapping } from '../../../shared/mapping/format';
import { createAnalysisExport, parseAnalysisExport, serialiseAnalysisExport } from '../../../shared/report/analysis-export';
import { defaultReportSettings, planAnalyses, reportSettingsSchema } from '../../../shared/report/plan';
import packageJson from '../../../package.json';

const mapping = parseMapping(DEMO_MAPPING);

describe('analysis-only export', () => {
  test('holds mapping, settings, analyses and version, and round-trips', () => {
    const settings = reportSettingsSchema.parse({ ties: 'breslow', correlationMethod: 'kendall', times: [60, 120] });
    const exported = createAnalysisExport(mapping, settings, 11, new Date('2026-01-02T03:04:05Z'));
    expect(exported.format).toBe('relapse-workbench-analysis');
    expect(exported.version).toBe(1);
    expect(exported.software).toEqual({ name: packageJson.name, version: packageJson.version });
    expect(exported.minCell).toBe(11);
    const keys = exported.analyses.map((a) => a.key);
    expect(keys).toEqual([
      'km:all',
      'km:site', 'logrank:site',
      'km:intake_cohort', 'logrank:intake_cohort',
      'km:arm', 'logrank:arm',
      'cox:factors', 'cuminc:all', 'correlation:factors',
    ]);
    const cox = exported.analyses.find((a) => a.key === 'cox:factors')!;
    expect(cox.options.ties).toBe('breslow');
    expect(exported.analyses.find((a) => a.key === 'correlation:factors')!.options.method).toBe('kendall');
    expect(exported.analyses.find((a) => a.key === 'km:site')!.options.times).toEqual([60, 120]);

    const back = parseAnalysisExport(serialiseAnalysisExport(exported));
    expect(back.mapping).toEqual(mapping);
    expect(back.settings).toEqual(settings);
    expect(back.analyses).toEqual(planAnalyses(mapping, settings));
  });

  test('no data: only the keys of the format, nothing row-like', () => {
    const exported = createAnalysisExport(mapping, defaultReportSettings(), 5);
    expect(Object.keys(exported).sort()).toEqual(['analyses', 'createdAt', 'exclusions', 'format', 'mapping', 'minCell', 'settings', 'software', 'version']);
    const text = serialiseAnalysisExport(exported);
    // The demo cohort's participant ids look like "P000001"; none appear, and the file is small.
    expect(text).not.toMatch(/P0\d{4}/);
    expect(text.length).toBeLessThan(20_000);
  });

  test('a wrong format or a broken mapping is named', () => {
    const good = JSON.parse(serialiseAnalysisExport(createAnalysisExport(mapping, defaultReportSettings(), 5)));
    expect(() => parseAnalysisExport({ ...good, format: 'something-else' })).toThrow(/format must be "relapse-workbench-analysis"/);
    expect(() => parseAnalysisExport({ ...good, rows: [[1, 2]] })).toThrow(/analysis export/);
    expect(() => parseAnalysisExport({ ...good, mapping: { ...good.mapping, outcome: { event: 'x', eventValues: [1] } } })).toThrow(/mapping/);
    expect(() => parseAnalysisExport('{not json')).toThrow(/not valid JSON/);
  });
});
