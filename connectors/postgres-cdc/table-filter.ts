/**
 * Debezium's include/exclude lists: anchored regexes over `schema`, `schema.table` and `schema.table.column`,
 * and over the prefixes of logical decoding messages.
 */
import type { PostgresCdcConfig } from './postgres-cdc-config.js';

function compile(list: readonly string[] | null): RegExp[] | null {
  return list === null || list.length === 0 ? null : list.map((p) => new RegExp(`^(?:${p.trim()})$`));
}

function matches(res: RegExp[], s: string): boolean {
  for (const re of res) if (re.test(s)) return true;
  return false;
}

export class TableFilter {
  readonly #schemaIn: RegExp[] | null;
  readonly #schemaEx: RegExp[] | null;
  readonly #tableIn: RegExp[] | null;
  readonly #tableEx: RegExp[] | null;
  readonly #colIn: RegExp[] | null;
  readonly #colEx: RegExp[] | null;
  readonly #msgIn: RegExp[] | null;
  readonly #msgEx: RegExp[] | null;
  /** schema.table of the signal table: captured for signals even when the lists exclude it. */
  readonly signalTable: string | null;

  constructor(cfg: PostgresCdcConfig) {
    this.#schemaIn = compile(cfg['schema.include.list']);
    this.#schemaEx = compile(cfg['schema.exclude.list']);
    this.#tableIn = compile(cfg['table.include.list']);
    this.#tableEx = compile(cfg['table.exclude.list']);
    this.#colIn = compile(cfg['column.include.list']);
    this.#colEx = compile(cfg['column.exclude.list']);
    this.#msgIn = compile(cfg['message.prefix.include.list']);
    this.#msgEx = compile(cfg['message.prefix.exclude.list']);
    this.signalTable = cfg['signal.data.collection'];
  }

  includesTable(schema: string, table: string): boolean {
    if (schema === 'pg_catalog' || schema === 'information_schema') return false;
    if (this.#schemaIn !== null && !matches(this.#schemaIn, schema)) return false;
    if (this.#schemaEx !== null && matches(this.#schemaEx, schema)) return false;
    const id = `${schema}.${table}`;
    if (this.#tableIn !== null && !matches(this.#tableIn, id)) return false;
    if (this.#tableEx !== null && matches(this.#tableEx, id)) return false;
    return true;
  }

  includesColumn(schema: string, table: string, column: string): boolean {
    const id = `${schema}.${table}.${column}`;
    if (this.#colIn !== null && !matches(this.#colIn, id)) return false;
    if (this.#colEx !== null && matches(this.#colEx, id)) return false;
    return true;
  }

  includesMessagePrefix(prefix: string): boolean {
    if (this.#msgIn !== null && !matches(this.#msgIn, prefix)) return false;
    if (this.#msgEx !== null && matches(this.#msgEx, prefix)) return false;
    return true;
  }

  isSignalTable(schema: string, table: string): boolean {
    return this.signalTable !== null && this.signalTable === `${schema}.${table}`;
  }
}
