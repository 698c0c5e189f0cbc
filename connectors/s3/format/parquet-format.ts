/**
 * Confluent's ParquetFormat (`.snappy.parquet`, `.gz.parquet`, `.parquet`), through hyparquet-writer (pure
 * JS). Columns follow the records' value schema: one column per struct field; primitives and Connect's
 * logical types map to Parquet types; nested structs, arrays and maps become JSON columns (Confluent
 * writes nested Parquet groups there). Parquet is columnar, so a file's rows stay in memory until it is
 * committed: size `flush.size` accordingly. A schema change starts a new file.
 */
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import {
  DataError,
  LogicalTypeNames,
  decimalScale,
  decimalToUnscaled,
  schemaEquals,
  type Field,
  type Schema,
  type SinkRecord,
} from '../../../src/api/index.js';
import type { ByteSink, FormatWriter, RecordFormat } from './record-format.js';

export type ParquetCodec = 'none' | 'snappy' | 'gzip';

const CODEC_NAMES = { none: 'UNCOMPRESSED', snappy: 'SNAPPY', gzip: 'GZIP' } as const;
const EXTENSIONS = { none: '.parquet', snappy: '.snappy.parquet', gzip: '.gz.parquet' } as const;

export class ParquetFormat implements RecordFormat {
  readonly compressible = false;
  readonly extension: string;
  constructor(private readonly codec: ParquetCodec) {
    this.extension = EXTENSIONS[codec];
  }
  newWriter(): FormatWriter {
    return new ParquetFileWriter(this.codec);
  }
}

interface Column {
  readonly field: Field;
  readonly element: SchemaElement;
  readonly convert: (v: unknown) => unknown;
  readonly data: unknown[];
}

class ParquetFileWriter implements FormatWriter {
  #schema: Schema | undefined;
  #columns: Column[] = [];
  #bytes = 0;

  constructor(private readonly codec: ParquetCodec) {}

  get bufferedBytes(): number {
    return this.#bytes;
  }

  accepts(record: SinkRecord): boolean {
    return this.#schema === undefined || record.valueSchema === this.#schema || (record.valueSchema !== null && schemaEquals(record.valueSchema, this.#schema));
  }

  write(record: SinkRecord, _out: ByteSink): void {
    const schema = record.valueSchema;
    if (schema === null || schema.type !== 'struct') {
      throw new DataError(`ParquetFormat needs struct values with a schema (topic ${record.topic} partition ${record.kafkaPartition} offset ${record.kafkaOffset}); use a converter with schemas, or JsonFormat`);
    }
    if (this.#schema === undefined) this.#begin(schema);
    const struct = record.value as Record<string, unknown>;
    const cols = this.#columns;
    // Convert every column first so a bad value leaves no half-written row behind.
    const row = new Array<unknown>(cols.length);
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      const v = struct[c.field.name];
      if (v === null || v === undefined) {
        if (!c.field.schema.optional) throw new DataError(`field ${c.field.name} is required but null (topic ${record.topic} partition ${record.kafkaPartition} offset ${record.kafkaOffset})`);
        row[i] = null;
      } else {
        row[i] = c.convert(v);
      }
    }
    for (let i = 0; i < cols.length; i++) {
      cols[i]!.data.push(row[i]);
      const v = row[i];
      this.#bytes += typeof v === 'string' ? v.length : v instanceof Uint8Array ? v.length : 8;
    }
  }

  finish(out: ByteSink): void {
    if (this.#schema === undefined) return;
    const columnData: ColumnSource[] = this.#columns.map((c) => ({ name: c.field.name, data: c.data as ColumnSource['data'] }));
    const schema: SchemaElement[] = [{ name: 'root', num_children: this.#columns.length }, ...this.#columns.map((c) => c.element)];
    const buffer = parquetWriteBuffer({
      columnData,
      schema,
      codec: CODEC_NAMES[this.codec],
      compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) },
      createdBy: 'tributary',
    });
    out.write(new Uint8Array(buffer));
    this.#columns = [];
    this.#bytes = 0;
  }

  #begin(schema: Schema): void {
    this.#schema = schema;
    this.#columns = (schema.fields ?? []).map((field) => ({ field, ...columnFor(field), data: [] }));
  }
}

const identity = (v: unknown): unknown => v;

function columnFor(field: Field): { element: SchemaElement; convert: (v: unknown) => unknown } {
  const s = field.schema;
  const base = { name: field.name, repetition_type: s.optional ? 'OPTIONAL' : 'REQUIRED' } as const;
  switch (s.name) {
    case LogicalTypeNames.Decimal: {
      const scale = decimalScale(s);
      return {
        element: { ...base, type: 'BYTE_ARRAY', converted_type: 'DECIMAL', scale, precision: Number(s.parameters?.['connect.decimal.precision'] ?? 38) },
        convert: (v) => decimalToUnscaled(String(v), scale),
      };
    }
    case LogicalTypeNames.Date:
      return { element: { ...base, type: 'INT32', converted_type: 'DATE' }, convert: identity };
    case LogicalTypeNames.Time:
      return { element: { ...base, type: 'INT32', converted_type: 'TIME_MILLIS' }, convert: (v) => (v as Date).getTime() - Math.floor((v as Date).getTime() / 86_400_000) * 86_400_000 };
    case LogicalTypeNames.Timestamp:
      return { element: { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' }, convert: identity };
  }
  switch (s.type) {
    case 'int8': case 'int16': case 'int32':
      return { element: { ...base, type: 'INT32' }, convert: identity };
    case 'int64':
      return { element: { ...base, type: 'INT64' }, convert: (v) => (typeof v === 'bigint' ? v : BigInt(v as number)) };
    case 'float32':
      return { element: { ...base, type: 'FLOAT' }, convert: identity };
    case 'float64':
      return { element: { ...base, type: 'DOUBLE' }, convert: identity };
    case 'boolean':
      return { element: { ...base, type: 'BOOLEAN' }, convert: identity };
    case 'string':
      return { element: { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' }, convert: identity };
    case 'bytes':
      return { element: { ...base, type: 'BYTE_ARRAY' }, convert: identity };
    default:
      return { element: { ...base, type: 'BYTE_ARRAY', converted_type: 'JSON' }, convert: identity };
  }
}
