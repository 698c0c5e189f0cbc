import { ConnectError } from './errors.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from './logical-types.js';
import type { Schema } from './schema.js';
import { validateValue } from './schema-validate.js';
import { Schemas } from './schemas.js';

/** One record header: a key, a Connect value, and the value's schema (null when schemaless). */
export interface Header {
  readonly key: string;
  readonly value: unknown;
  readonly schema: Schema | null;
}

/** What `new Headers([...])` and `addHeader` take: `schema` may be left out. */
export interface HeaderInit {
  readonly key: string;
  readonly value: unknown;
  readonly schema?: Schema | null;
}

/**
 * The read side of a record's headers. Records expose only this, so a transform cannot change the
 * headers of the record it was given: it calls `duplicate()`, edits the copy, and puts the copy on a
 * new record (`newRecord(r, { headers })`).
 */
export interface ReadonlyHeaders extends Iterable<Header> {
  readonly size: number;
  isEmpty(): boolean;
  has(key: string): boolean;
  /** The last header with this key (the one that wins when keys repeat), or undefined. */
  lastWithName(key: string): Header | undefined;
  /** Every header with this key, in order. */
  allWithName(key: string): Header[];
  toArray(): readonly Header[];
  /** A mutable, independent copy. */
  duplicate(): Headers;
}

/**
 * Record headers: ordered, keys may repeat (as in Kafka). Mutating methods return `this` for chaining.
 * A value given with a schema is checked against it (`SchemaValidationError` on mismatch).
 */
export class Headers implements ReadonlyHeaders {
  #list: Header[];
  #frozen = false;

  constructor(headers: Iterable<HeaderInit> = []) {
    this.#list = [];
    for (const h of headers) this.addHeader(h);
  }

  get size(): number {
    return this.#list.length;
  }
  isEmpty(): boolean {
    return this.#list.length === 0;
  }
  has(key: string): boolean {
    return this.#list.some((h) => h.key === key);
  }
  lastWithName(key: string): Header | undefined {
    for (let i = this.#list.length - 1; i >= 0; i--) {
      const h = this.#list[i] as Header;
      if (h.key === key) return h;
    }
    return undefined;
  }
  allWithName(key: string): Header[] {
    return this.#list.filter((h) => h.key === key);
  }
  toArray(): readonly Header[] {
    return this.#list.slice();
  }
  [Symbol.iterator](): Iterator<Header> {
    return this.#list.slice()[Symbol.iterator]();
  }
  duplicate(): Headers {
    const copy = new Headers();
    copy.#list = this.#list.slice();
    return copy;
  }

  /** Makes this instance read-only for good: every mutating method then throws. Returns `this`. */
  freeze(): this {
    this.#frozen = true;
    return this;
  }
  get frozen(): boolean {
    return this.#frozen;
  }

  add(key: string, value: unknown, schema: Schema | null = null): this {
    this.#assertMutable();
    if (schema !== null) validateValue(schema, value, `header '${key}'`);
    this.#list.push({ key, value, schema });
    return this;
  }
  addHeader(header: HeaderInit): this {
    return this.add(header.key, header.value, header.schema ?? null);
  }
  addAll(headers: Iterable<HeaderInit>): this {
    for (const h of headers) this.addHeader(h);
    return this;
  }

  addString(key: string, value: string | null): this {
    return this.add(key, value, value === null ? Schemas.OPTIONAL_STRING : Schemas.STRING);
  }
  addBoolean(key: string, value: boolean | null): this {
    return this.add(key, value, value === null ? Schemas.OPTIONAL_BOOLEAN : Schemas.BOOLEAN);
  }
  addInt8(key: string, value: number | null): this {
    return this.add(key, value, value === null ? Schemas.OPTIONAL_INT8 : Schemas.INT8);
  }
  addInt16(key: string, value: number | null): this {
    return this.add(key, value, value === null ? Schemas.OPTIONAL_INT16 : Schemas.INT16);
  }
  addInt32(key: string, value: number | null): this {
    return this.add(key, value, value === null ? Schemas.OPTIONAL_INT32 : Schemas.INT32);
  }
  addInt64(key: string, value: number | bigint | null): this {
    return this.add(key, value, value === null ? Schemas.OPTIONAL_INT64 : Schemas.INT64);
  }
  addFloat32(key: string, value: number | null): this {
    return this.add(key, value, value === null ? Schemas.OPTIONAL_FLOAT32 : Schemas.FLOAT32);
  }
  addFloat64(key: string, value: number | null): this {
    return this.add(key, value, value === null ? Schemas.OPTIONAL_FLOAT64 : Schemas.FLOAT64);
  }
  addBytes(key: string, value: Uint8Array | null): this {
    return this.add(key, value, value === null ? Schemas.OPTIONAL_BYTES : Schemas.BYTES);
  }
  /** `value` is a decimal string; `scale` fixes the schema (Kafka takes it from the BigDecimal). */
  addDecimal(key: string, value: string | null, scale: number): this {
    const b = Decimal.builder(scale);
    return this.add(key, value, (value === null ? b.optional() : b).build());
  }
  addDate(key: string, value: Date | null): this {
    return this.add(key, value, value === null ? ConnectDate.OPTIONAL_SCHEMA : ConnectDate.SCHEMA);
  }
  addTime(key: string, value: Date | null): this {
    return this.add(key, value, value === null ? ConnectTime.OPTIONAL_SCHEMA : ConnectTime.SCHEMA);
  }
  addTimestamp(key: string, value: Date | null): this {
    return this.add(key, value, value === null ? ConnectTimestamp.OPTIONAL_SCHEMA : ConnectTimestamp.SCHEMA);
  }

  /** Removes every header with this key. */
  remove(key: string): this {
    this.#assertMutable();
    this.#list = this.#list.filter((h) => h.key !== key);
    return this;
  }
  /** Keeps only the last header of `key`, or — without a key — the last header of every key (order kept). */
  retainLatest(key?: string): this {
    this.#assertMutable();
    const seen = new Set<string>();
    const kept: Header[] = [];
    for (let i = this.#list.length - 1; i >= 0; i--) {
      const h = this.#list[i] as Header;
      if (key !== undefined && h.key !== key) kept.push(h);
      else if (!seen.has(h.key)) {
        seen.add(h.key);
        kept.push(h);
      }
    }
    this.#list = kept.reverse();
    return this;
  }
  clear(): this {
    this.#assertMutable();
    this.#list = [];
    return this;
  }

  #assertMutable(): void {
    if (this.#frozen) {
      throw new ConnectError('these headers are frozen (shared); call duplicate() and edit the copy', { code: 'TRIB_HEADERS_FROZEN' });
    }
  }
}

/** Shared empty headers for records that have none (read-only, so sharing is safe). */
export const EMPTY_HEADERS: ReadonlyHeaders = new Headers().freeze();
