/**
 * Real result-model slices for the chart tests, computed with the engine from the R reference datasets
 * (the same numbers `analyze km` returns; the engine itself is checked against R in test/shared/stats).
 */
import { kaplanMeierByGroup, kaplanMeierRows } from '../../../../shared/stats/kaplan-meier';
import { loadDataset } from '../../../helpers/datasets';
import type { KmGroup } from '../../../../renderer/src/charts/types';

/** addicts (Caplehorn 1991): days to leaving methadone maintenance, by clinic 1 / 2. */
export function addictsByClinic(): { groups: KmGroup[]; time: Float64Array; clinic: Float64Array } {
  const data = loadDataset('addicts');
  const time = data.num('time');
  const status = Uint8Array.from(data.num('status'));
  const clinic = data.num('clinic');
  const codes = Int32Array.from(clinic, (c) => c - 1);
  const curves = kaplanMeierByGroup(time, status, codes, 2);
  const groups = curves.map((curve, i) => ({
    group: String(i + 1),
    n: curve.n,
    events: curve.events,
    table: kaplanMeierRows(curve),
  }));
  return { groups, time, clinic };
}
