import { DataError, type ConnectRecord } from '../../src/api/index.js';

/**
 * A record a transform cannot handle (missing field, wrong type, non-struct value). It is a DataError, so
 * `errors.tolerance` and the DLQ act on it; it names the transform alias, the field and where the record
 * came from, so an operator can find it.
 */
export class TransformError extends DataError {
  readonly transform: string;
  readonly field: string | null;
  readonly topic: string;
  readonly partition: number | null;
  /** The Kafka offset for sink records; null for source records (they have none yet). */
  readonly offset: number | null;

  constructor(transform: string, record: ConnectRecord, message: string, field: string | null = null, cause?: unknown) {
    const offset = offsetOf(record);
    let where = `topic=${record.topic} partition=${record.kafkaPartition ?? 'null'} offset=${offset ?? 'null'}`;
    // Source records have no Kafka offset yet; their source offset is what locates them.
    const sourceOffset = (record as { sourceOffset?: unknown }).sourceOffset;
    if (offset === null && sourceOffset !== null && sourceOffset !== undefined) where += ` sourceOffset=${JSON.stringify(sourceOffset)}`;
    const onField = field === null ? '' : ` on field '${field}'`;
    super(`Transform '${transform}' failed${onField} (${where}): ${message}`, { code: 'TRIB_TRANSFORM', cause });
    this.transform = transform;
    this.field = field;
    this.topic = record.topic;
    this.partition = record.kafkaPartition;
    this.offset = offset;
  }
}

function offsetOf(record: ConnectRecord): number | null {
  const o = (record as { kafkaOffset?: unknown }).kafkaOffset;
  return typeof o === 'number' ? o : null;
}
