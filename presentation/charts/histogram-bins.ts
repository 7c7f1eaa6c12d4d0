/**
 * Histogram binning (R's hist() defaults) lives in the engine, shared/stats/histogram.ts, so main can bin a
 * column and send the bins instead of its values; re-exported here for the charts.
 */
export { binValues, prettyBreaks, sturgesClassCount, type BinnedValues, type HistogramBin } from '../../shared/stats/histogram';
