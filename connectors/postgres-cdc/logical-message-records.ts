/**
 * Logical decoding messages (`pg_logical_emit_message`, PostgreSQL 14+ pgoutput) as Debezium's PostgreSQL
 * connector writes them: topic `<topic.prefix>.message`, key `io.debezium.connector.postgresql.MessageKey`
 * {prefix}, value `io.debezium.connector.postgresql.MessageValue` {op: "m", ts_ms, source, transaction,
 * message: {prefix, content}}; the content follows `binary.handling.mode` as bytea columns do.
 */
import { EMPTY_HEADERS, SchemaBuilder, Schemas, type Schema, type SourceOffset, type SourceRecord } from '../../src/api/index.js';
import { SOURCE_SCHEMA, TRANSACTION_BLOCK_SCHEMA } from './debezium-schemas.js';
import type { EventRecords, SourcePosition, TransactionBlock } from './event-records.js';
import type { TypeMappingOptions } from './column-types.js';

type BinaryMode = TypeMappingOptions['binaryMode'];

/** The data collection name Debezium's transaction metadata counts messages under. */
export const MESSAGE_DATA_COLLECTION = 'LOGICAL_DECODING_MESSAGE';

export const MESSAGE_KEY_SCHEMA: Schema = SchemaBuilder.struct()
  .name('io.debezium.connector.postgresql.MessageKey')
  .version(1)
  .field('prefix', Schemas.OPTIONAL_STRING)
  .build();

function messageBlockSchema(mode: BinaryMode): Schema {
  return SchemaBuilder.struct()
    .name('io.debezium.connector.postgresql.Message')
    .version(1)
    .field('prefix', Schemas.OPTIONAL_STRING)
    .field('content', mode === 'bytes' ? Schemas.OPTIONAL_BYTES : Schemas.OPTIONAL_STRING)
    .build();
}

export function messageValueSchema(mode: BinaryMode): Schema {
  return SchemaBuilder.struct()
    .name('io.debezium.connector.postgresql.MessageValue')
    .version(1)
    .field('op', Schemas.STRING)
    .field('ts_ms', Schemas.OPTIONAL_INT64)
    .field('source', SOURCE_SCHEMA)
    .field('transaction', TRANSACTION_BLOCK_SCHEMA)
    .field('message', messageBlockSchema(mode))
    .build();
}

/** Debezium encodes with Java's Base64 encoders, which pad (Node's 'base64url' does not). */
function convertContent(content: Uint8Array, mode: BinaryMode): Buffer | string {
  const b = Buffer.from(content); // a copy: the decoder hands out a view into the frame
  switch (mode) {
    case 'bytes': return b;
    case 'base64': return b.toString('base64');
    case 'base64-url-safe': return b.toString('base64').replaceAll('+', '-').replaceAll('/', '_');
    case 'hex': return b.toString('hex');
  }
}

export class LogicalMessageRecords {
  readonly topic: string;
  readonly valueSchema: Schema;

  constructor(
    private readonly events: EventRecords,
    private readonly binaryMode: BinaryMode,
  ) {
    this.topic = `${events.topicPrefix}.message`;
    this.valueSchema = messageValueSchema(binaryMode);
  }

  message(prefix: string, content: Uint8Array, pos: SourcePosition, offset: SourceOffset, transaction: TransactionBlock | null): SourceRecord {
    return {
      topic: this.topic,
      kafkaPartition: null,
      keySchema: MESSAGE_KEY_SCHEMA,
      key: { prefix },
      valueSchema: this.valueSchema,
      value: {
        op: 'm',
        ts_ms: Date.now(),
        source: this.events.source(null, pos),
        transaction,
        message: { prefix, content: convertContent(content, this.binaryMode) },
      },
      timestamp: null,
      headers: EMPTY_HEADERS,
      sourcePartition: this.events.partition,
      sourceOffset: offset,
    };
  }
}
