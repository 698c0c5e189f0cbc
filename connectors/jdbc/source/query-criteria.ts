/**
 * The SELECT a querier runs for each mode, with Confluent's predicates:
 *
 *   incrementing            WHERE inc > ? ORDER BY inc
 *   timestamp               WHERE ts > ? AND ts < now − delay ORDER BY ts
 *   timestamp+incrementing  WHERE ts < now − delay AND ((ts = ? AND inc > ?) OR ts > ?) ORDER BY ts, inc
 *   bulk                    the whole table (or query)
 *
 * ts is COALESCE(col1, col2, …). A custom `query` runs as a subquery (`SELECT * FROM (query) AS q`), so
 * unlike Confluent's string append it may carry its own WHERE clause. Timestamps are bound as timestamptz
 * literals; `timestamp without time zone` columns compare in the session TimeZone (= db.timezone).
 */
import type { SourceMode } from './jdbc-source-config.js';
import { instantLiteral, type QueryPosition } from './source-offset.js';

export interface CriteriaSpec {
  readonly mode: SourceMode;
  /** `"schema"."table"` or `(query) AS q`: what follows FROM. */
  readonly from: string;
  readonly quote: (identifier: string) => string;
  readonly incrementingColumn: string | null;
  readonly timestampColumns: readonly string[];
  readonly delayMs: number;
  readonly suffix: string;
}

export interface BuiltQuery {
  readonly text: string;
  readonly values: unknown[];
}

export function buildQuery(spec: CriteriaSpec, position: QueryPosition): BuiltQuery {
  const q = spec.quote;
  const base = `SELECT * FROM ${spec.from}`;
  const suffix = spec.suffix === '' ? '' : ` ${spec.suffix}`;
  const ts = spec.timestampColumns.length === 1
    ? q(spec.timestampColumns[0]!)
    : `COALESCE(${spec.timestampColumns.map(q).join(', ')})`;
  const inc = spec.incrementingColumn === null ? '' : q(spec.incrementingColumn);
  const tsValue = position.timestamp === null ? '-infinity' : instantLiteral(position.timestamp);
  const incValue = position.incrementing === null ? '-1' : position.incrementing.toString();
  const upper = `(CURRENT_TIMESTAMP - $1::bigint * INTERVAL '1 millisecond')`;
  switch (spec.mode) {
    case 'bulk':
      return { text: `${base}${suffix}`, values: [] };
    case 'incrementing':
      return { text: `${base} WHERE ${inc} > $1 ORDER BY ${inc} ASC${suffix}`, values: [incValue] };
    case 'timestamp':
      return {
        text: `${base} WHERE ${ts} > $2::timestamptz AND ${ts} < ${upper} ORDER BY ${ts} ASC${suffix}`,
        values: [spec.delayMs, tsValue],
      };
    case 'timestamp+incrementing':
      return {
        text: `${base} WHERE ${ts} < ${upper} AND ((${ts} = $2::timestamptz AND ${inc} > $3) OR ${ts} > $2::timestamptz)`
          + ` ORDER BY ${ts}, ${inc} ASC${suffix}`,
        values: [spec.delayMs, tsValue, incValue],
      };
  }
}
