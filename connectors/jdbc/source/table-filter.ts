/**
 * Which tables the source reads (`table.whitelist`/`table.blacklist` exact names, or
 * `table.include.list`/`table.exclude.list` regexes on `schema.table`) and how they spread over tasks.
 */
import { tableIdString, type TableId } from '../table-id.js';

export interface TableFilterSpec {
  readonly whitelist: readonly string[];
  readonly blacklist: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** Cross-key problems, keyed by config name (empty when the spec is consistent). */
export function tableFilterProblems(spec: TableFilterSpec): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (spec.whitelist.length > 0 && spec.blacklist.length > 0) {
    out['table.blacklist'] = ['table.whitelist and table.blacklist cannot both be set; use one of them'];
  }
  const legacy = spec.whitelist.length > 0 || spec.blacklist.length > 0;
  if (legacy && (spec.include.length > 0 || spec.exclude.length > 0)) {
    out['table.include.list'] = ['table.include.list/table.exclude.list cannot be combined with table.whitelist/table.blacklist'];
  }
  return out;
}

function exactMatch(names: readonly string[], id: TableId): boolean {
  const full = tableIdString(id);
  return names.some((n) => n === full || n === id.table);
}

export function filterTables(tables: readonly TableId[], spec: TableFilterSpec): TableId[] {
  const include = spec.include.map((r) => new RegExp(`^(?:${r})$`));
  const exclude = spec.exclude.map((r) => new RegExp(`^(?:${r})$`));
  return tables.filter((t) => {
    const full = tableIdString(t);
    if (spec.whitelist.length > 0 && !exactMatch(spec.whitelist, t)) return false;
    if (spec.blacklist.length > 0 && exactMatch(spec.blacklist, t)) return false;
    if (include.length > 0 && !include.some((re) => re.test(full))) return false;
    if (exclude.some((re) => re.test(full))) return false;
    return true;
  });
}

/** Splits `items` into at most `groups` contiguous groups whose sizes differ by at most one (Kafka's ConnectorUtils.groupPartitions). */
export function groupContiguous<T>(items: readonly T[], groups: number): T[][] {
  const n = Math.min(groups, items.length);
  const out: T[][] = [];
  const per = Math.floor(items.length / n);
  const extra = items.length % n;
  let at = 0;
  for (let g = 0; g < n; g++) {
    const size = per + (g < extra ? 1 : 0);
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}
