/** The chart component for each chart block of the report model, at print-friendly sizes. */
import type { ReactElement } from 'react';
import type { ChartSpec } from '../../shared/report/model';
import { KaplanMeierChart } from '../charts/KaplanMeierChart';
import { ForestPlot } from '../charts/ForestPlot';
import { CumulativeIncidenceChart } from '../charts/CumulativeIncidenceChart';
import { CorrelationHeatmap } from '../charts/CorrelationHeatmap';
import { FunnelPlot } from '../charts/FunnelPlot';
import { McfChart } from '../charts/McfChart';

export const REPORT_CHART_WIDTH = 780;

/** The element to render for a chart block, or null when the report draws it as HTML (the heatmap table). */
export function reportChartElement(chart: ChartSpec): ReactElement | null {
  switch (chart.type) {
    case 'km':
      return (
        <KaplanMeierChart
          width={REPORT_CHART_WIDTH}
          height={420 + 18 * chart.groups.length}
          title={chart.title}
          subtitle={chart.subtitle}
          groups={chart.groups}
          showConfidenceBands={chart.groups.length === 1}
          minAtRisk={chart.minAtRisk}
          suppressBelow={chart.suppressBelow}
          ticks={chart.ticks}
          pValue={chart.pValue}
          timeUnit={chart.timeUnit}
        />
      );
    case 'forest':
      return <ForestPlot width={REPORT_CHART_WIDTH} height={120 + 34 * chart.rows.length} rows={chart.rows} title={chart.title} subtitle={chart.subtitle} confLevel={chart.confLevel} />;
    case 'cuminc':
      return <CumulativeIncidenceChart width={REPORT_CHART_WIDTH} height={420} curves={chart.curves} title={chart.title} subtitle={chart.subtitle} causeLabels={chart.causeLabels} timeUnit={chart.timeUnit} />;
    case 'funnel':
      return <FunnelPlot width={REPORT_CHART_WIDTH} height={440} sites={chart.sites} limits={chart.limits} title={chart.title} subtitle={chart.subtitle} />;
    case 'adjusted':
      return (
        <KaplanMeierChart
          width={REPORT_CHART_WIDTH}
          height={420}
          title={chart.title}
          subtitle={chart.subtitle}
          groups={chart.curves.map((c) => ({ group: c.group, table: c.rows.map((r) => ({ ...r, nRisk: 0, nEvent: 0, nCensor: 0 })) }))}
          showConfidenceBands={false}
          showCensorMarks={false}
          showAtRiskTable={false}
          yLabel="Share without relapse"
          timeUnit={chart.timeUnit}
          summary={`${chart.title}. ${chart.curves.length} case-mix-adjusted survival curves against time in ${chart.timeUnit ?? 'days'}: ${chart.curves.map((c) => c.group).join(', ')}.`}
        />
      );
    case 'mcf':
      return <McfChart width={REPORT_CHART_WIDTH} height={440 + 18 * chart.curves.length} title={chart.title} subtitle={chart.subtitle} curves={chart.curves} showConfidenceBands={chart.curves.length <= 2} timeUnit={chart.timeUnit} />;
    case 'heatmap': {
      // The heatmap prints n in each cell; under suppression a small n must not reach it, so such a
      // matrix is drawn as the report's HTML table instead (r and the adjusted-p star only).
      if (chart.minCell !== undefined && chart.pairs.some((p) => p.n < chart.minCell!)) return null;
      const label = new Map(chart.variables.map((v) => [v.id, v.label]));
      // About 46 px per variable: with many factors the cells show r alone (n and p are in the table below).
      const size = Math.max(420, 200 + 46 * chart.variables.length);
      return (
        <CorrelationHeatmap
          width={REPORT_CHART_WIDTH}
          height={Math.min(size, 900)}
          title={chart.title}
          subtitle={chart.subtitle}
          method={chart.method}
          pairs={chart.pairs.map((p) => ({ ...p, x: label.get(p.x) ?? p.x, y: label.get(p.y) ?? p.y }))}
        />
      );
    }
  }
}
