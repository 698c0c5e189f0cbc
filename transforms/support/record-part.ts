import { newRecord, type ConnectRecord, type ReadonlyHeaders, type Schema } from '../../src/api/index.js';

/** Which half of a record a `$Key` / `$Value` transform works on. */
export interface RecordPart {
  readonly name: 'key' | 'value';
  schema(record: ConnectRecord): Schema | null;
  value(record: ConnectRecord): unknown;
  /** A copy of `record` with this part replaced. */
  with<R extends ConnectRecord>(record: R, schema: Schema | null, value: unknown): R;
  /** A copy of `record` with this part and the headers replaced (one copy instead of two). */
  withHeaders<R extends ConnectRecord>(record: R, schema: Schema | null, value: unknown, headers: ReadonlyHeaders): R;
}

export const KEY: RecordPart = Object.freeze({
  name: 'key' as const,
  schema: (r: ConnectRecord) => r.keySchema,
  value: (r: ConnectRecord) => r.key,
  with: <R extends ConnectRecord>(r: R, schema: Schema | null, value: unknown): R => newRecord(r, { keySchema: schema, key: value }),
  withHeaders: <R extends ConnectRecord>(r: R, schema: Schema | null, value: unknown, headers: ReadonlyHeaders): R =>
    newRecord(r, { keySchema: schema, key: value, headers }),
});

export const VALUE: RecordPart = Object.freeze({
  name: 'value' as const,
  schema: (r: ConnectRecord) => r.valueSchema,
  value: (r: ConnectRecord) => r.value,
  with: <R extends ConnectRecord>(r: R, schema: Schema | null, value: unknown): R =>
    newRecord(r, { valueSchema: schema, value }),
  withHeaders: <R extends ConnectRecord>(r: R, schema: Schema | null, value: unknown, headers: ReadonlyHeaders): R =>
    newRecord(r, { valueSchema: schema, value, headers }),
});
