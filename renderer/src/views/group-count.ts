/**
 * How many groups a grouping column makes (issue 15 item 6: a grouping with more than about 20 levels
 * asks before it runs). Known at once where the summary tells: a text column's distinct levels, an
 * integer column's range, a yes/no column, a median or tertile split of a factor (2 or 3 groups). A
 * number column with a wider range is counted from its values (dataset:values, once per column).
 */
import { useEffect, useState } from 'react';
import { call } from '../api';
import type { ColumnInfo, MappingTemplate } from './types';

/** Above this many groups a step asks before running the curves and tests by group. */
export const MANY_GROUPS = 20;

/** The number of groups, or null while it is being counted (or cannot be). */
export function useGroupCount(dataset: string, mapping: MappingTemplate | null, column: string | null, summary: readonly ColumnInfo[]): number | null {
  const info = column ? summary.find((c) => c.name === column) : undefined;
  const known = ((): number | null | undefined => {
    if (!column) return null;
    if (column.startsWith('median.')) return 2;
    if (column.startsWith('tertile.')) return 3;
    if (!info) return undefined;
    if (info.type === 'boolean') return info.distinct ?? 2;
    if (info.distinct !== undefined) return info.distinct;
    if (info.type === 'integer' && info.min != null && info.max != null && info.max - info.min + 1 <= MANY_GROUPS) return info.max - info.min + 1;
    return undefined;
  })();
  const [counted, setCounted] = useState<Record<string, number>>({});
  const needsCount = known === undefined && column !== null;
  const key = column !== null ? JSON.stringify([dataset, column]) : '';
  useEffect(() => {
    if (!needsCount || counted[key] !== undefined) return;
    let live = true;
    call('dataset:values', { dataset, ...(mapping && info === undefined ? { mapping: mapping as unknown as Record<string, unknown> } : {}), columns: [column!], maxRows: 2_000_000 }).then(
      (reply) => {
        if (live) setCounted((c) => ({ ...c, [key]: new Set(reply.columns[0].values.filter((v) => v !== null)).size }));
      },
      // Not countable (the call failed): the analyses say what is wrong themselves.
      () => {
        if (live) setCounted((c) => ({ ...c, [key]: 0 }));
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the dataset and column
  }, [key, needsCount]);
  return known !== undefined ? known : (counted[key] ?? null);
}
