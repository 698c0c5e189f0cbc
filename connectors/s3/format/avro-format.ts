/**
 * Confluent's AvroFormat: an Avro object container file (`.avro`) per file, schema from the records'
 * Connect value schema. The container is written here, not through avsc's streams, so encoding stays
 * synchronous and byte-for-byte deterministic: the sync marker is derived from the schema, so a replayed
 * batch rewrites identical objects. A record with a different schema than its file needs a new file
 * (`accepts` says no and the partition writer rotates), as Confluent does with `schema.compatibility=NONE`.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import avro from 'avsc';
import { DataError, schemaEquals, type Schema, type SinkRecord } from '../../../src/api/index.js';
import { toAvroSchema, toAvroValue } from './avro-schema.js';
import type { ByteSink, FormatWriter, RecordFormat } from './record-format.js';

export type AvroCodec = 'null' | 'deflate';

const BLOCK_BYTES = 64 * 1024;
const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);
const headerMetaType = avro.Type.forSchema({ type: 'map', values: 'bytes' });
const longType = avro.Type.forSchema('long');

export class AvroFormat implements RecordFormat {
  readonly extension = '.avro';
  readonly compressible = false;
  // Compiled avsc types per Connect schema (schemas are interned, so identity hits are the common case).
  readonly #types = new WeakMap<Schema, { type: avro.Type; json: string }>();
  constructor(private readonly codec: AvroCodec) {}

  newWriter(): FormatWriter {
    return new AvroFileWriter(this.codec, (s) => this.#typeOf(s));
  }

  #typeOf(schema: Schema): { type: avro.Type; json: string } {
    let t = this.#types.get(schema);
    if (t === undefined) {
      const avroSchema = toAvroSchema(schema);
      t = { type: avro.Type.forSchema(avroSchema as avro.Schema), json: JSON.stringify(avroSchema) };
      this.#types.set(schema, t);
    }
    return t;
  }
}

class AvroFileWriter implements FormatWriter {
  #schema: Schema | undefined;
  #type: avro.Type | undefined;
  #sync = Buffer.alloc(16);
  #block: Buffer[] = [];
  #blockBytes = 0;
  #blockCount = 0;

  constructor(private readonly codec: AvroCodec, private readonly typeOf: (s: Schema) => { type: avro.Type; json: string }) {}

  accepts(record: SinkRecord): boolean {
    return this.#schema === undefined || record.valueSchema === this.#schema || (record.valueSchema !== null && schemaEquals(record.valueSchema, this.#schema));
  }

  write(record: SinkRecord, out: ByteSink): void {
    const schema = record.valueSchema;
    if (schema === null) {
      throw new DataError(`AvroFormat needs a value schema (topic ${record.topic} partition ${record.kafkaPartition} offset ${record.kafkaOffset}); use a converter with schemas, or JsonFormat`);
    }
    const type = this.#type ?? this.typeOf(schema).type;
    let bytes: Buffer;
    try {
      bytes = type.toBuffer(toAvroValue(schema, record.value));
    } catch (err) {
      if (err instanceof DataError) throw err;
      throw new DataError(`value does not match its schema for AvroFormat (topic ${record.topic} partition ${record.kafkaPartition} offset ${record.kafkaOffset}): ${(err as Error).message}`, { cause: err });
    }
    if (this.#schema === undefined) this.#begin(schema, out);
    this.#block.push(bytes);
    this.#blockBytes += bytes.length;
    this.#blockCount++;
    if (this.#blockBytes >= BLOCK_BYTES) this.#flushBlock(out);
  }

  finish(out: ByteSink): void {
    this.#flushBlock(out);
  }

  #begin(schema: Schema, out: ByteSink): void {
    const { type, json } = this.typeOf(schema);
    this.#schema = schema;
    this.#type = type;
    this.#sync = createHash('md5').update(json).digest();
    out.write(MAGIC);
    out.write(headerMetaType.toBuffer({ 'avro.schema': Buffer.from(json), 'avro.codec': Buffer.from(this.codec) }));
    out.write(this.#sync);
  }

  #flushBlock(out: ByteSink): void {
    if (this.#blockCount === 0) return;
    let data = Buffer.concat(this.#block, this.#blockBytes);
    if (this.codec === 'deflate') data = deflateRawSync(data);
    out.write(longType.toBuffer(this.#blockCount));
    out.write(longType.toBuffer(data.length));
    out.write(data);
    out.write(this.#sync);
    this.#block = [];
    this.#blockBytes = 0;
    this.#blockCount = 0;
  }
}
