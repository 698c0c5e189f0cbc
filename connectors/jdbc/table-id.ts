/**
 * A table's name as the connectors see it: an optional schema and a table. `schema.table` is also the
 * source partition's `table` value (unquoted), as Confluent's offset protocol v1 stores it.
 */
export interface TableId {
  readonly schema: string | null;
  readonly table: string;
}

/** `schema.table`, or `table` when the schema is unknown (no quoting: this is a name, not SQL). */
export function tableIdString(id: TableId): string {
  return id.schema === null ? id.table : `${id.schema}.${id.table}`;
}

/**
 * Parses `table`, `schema.table` or `db.schema.table` (the database part is dropped: a connection sees one).
 * Like Confluent, a dotted topic name therefore selects a schema; quote-free names only.
 */
export function parseTableId(name: string): TableId {
  const parts = name.split('.');
  if (parts.length === 1) return { schema: null, table: name };
  if (parts.length === 2) return { schema: parts[0]!, table: parts[1]! };
  return { schema: parts[parts.length - 2]!, table: parts[parts.length - 1]! };
}

export function sameTable(a: TableId, b: TableId): boolean {
  return a.table === b.table && a.schema === b.schema;
}
