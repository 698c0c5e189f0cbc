import { Readable } from 'node:stream';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { Decimal, SchemaBuilder, Schemas, ConnectTimestamp, sinkRecord, type Schema } from '../../../../src/api/index.js';
import { AvroFormat } from '../../../../connectors/s3/format/avro-format.js';

function writeFile(format: AvroFormat, schema: Schema, values: unknown[]): Buffer {
  const chunks: Uint8Array[] = [];
  const sink = { write: (b: Uint8Array) => void chunks.push(b), writeText: (t: string) => void chunks.push(Buffer.from(t)) };
  const w = format.newWriter();
  values.forEach((value, i) => w.write(sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: i, value, valueSchema: schema }), sink));
  w.finish(sink);
  return Buffer.concat(chunks);
}

async function readFile(bytes: Buffer): Promise<{ schema: unknown; records: unknown[] }> {
  const records: unknown[] = [];
  let schema: unknown;
  await new Promise<void>((resolve, reject) => {
    Readable.from([bytes])
      .pipe(new avro.streams.BlockDecoder())
      .on('metadata', (type: avro.Type) => (schema = type.schema()))
      .on('data', (r: unknown) => records.push(r))
      .on('end', resolve)
      .on('error', reject);
  });
  return { schema, records };
}

const schema = SchemaBuilder.struct().name('com.example.Order')
  .field('id', Schemas.INT64)
  .field('note', Schemas.OPTIONAL_STRING)
  .field('price', Decimal.builder(2).build())
  .field('at', ConnectTimestamp.SCHEMA)
  .field('attrs', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build())
  .build();

describe('AvroFormat', () => {
  it.each(['null', 'deflate'] as const)('writes object container files avsc reads back (codec %s)', async (codec) => {
    const values = Array.from({ length: 3000 }, (_, i) => ({ id: BigInt(i), note: i % 2 ? null : `n${i}`, price: '12.34', at: new Date(1000 * i), attrs: { a: i } }));
    const bytes = writeFile(new AvroFormat(codec), schema, values);
    const { records } = await readFile(bytes);
    expect(records).toHaveLength(3000);
    expect(records[2]).toMatchObject({ id: 2, note: 'n2', at: 2000, attrs: { a: 2 } });
    expect(Buffer.from((records[2] as { price: Buffer }).price)).toEqual(Buffer.from([0x04, 0xd2]));
  });

  it('is deterministic (a replay rewrites identical bytes) and asks for a new file on a schema change', () => {
    const format = new AvroFormat('null');
    const v = [{ id: 1n, note: null, price: '0.00', at: new Date(0), attrs: {} }];
    expect(writeFile(format, schema, v)).toEqual(writeFile(format, schema, v));
    const w = format.newWriter();
    const r = sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, value: v[0], valueSchema: schema });
    w.write(r, { write: () => {}, writeText: () => {} });
    expect(w.accepts!(r)).toBe(true);
    expect(w.accepts!({ ...r, valueSchema: Schemas.STRING, value: 'x' })).toBe(false);
  });

  it('reports schemaless values as bad records', () => {
    const w = new AvroFormat('null').newWriter();
    expect(() => w.write(sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 5, value: { a: 1 } }), { write: () => {}, writeText: () => {} })).toThrow(expect.objectContaining({ code: 'TRIB_DATA' }));
  });
});
