import type { SinkRecord, SourceRecord } from '../../api/records.js';
import type { IncomingRecord } from '../../kafka/kafka-record.js';
import type { Stage } from './stage.js';

/**
 * What the error policy knows about the record being processed: the record as consumed from Kafka (sink
 * side; its raw bytes go to the DLQ untouched) or as polled (source side), the current stage and class, and
 * the error once one happened. One instance per task, reset per record — no allocation per record.
 */
export class ProcessingContext {
  consumed: IncomingRecord | null = null;
  source: SourceRecord | null = null;
  /** Set only for errant-record reports (the sink record the task handed back). */
  sink: SinkRecord | null = null;
  stage: Stage = 'TASK_POLL';
  executingClass = '';
  error: Error | null = null;
  attempts = 0;
  /** A synchronous stage threw a RetriableError with retry budget left: the caller backs off, then redoes the record. */
  retryError: Error | null = null;
  /** When the current record's retries must end (set at its first retriable failure). */
  retryDeadline = 0;

  get failed(): boolean {
    return this.error !== null;
  }

  resetFor(consumed: IncomingRecord | null, source: SourceRecord | null = null): this {
    this.consumed = consumed;
    this.source = source;
    this.sink = null;
    this.error = null;
    this.attempts = 0;
    this.retryError = null;
    this.retryDeadline = 0;
    return this;
  }

  /** True while a record waits for a retry (stages after the failed one are skipped). */
  get retrying(): boolean {
    return this.retryError !== null;
  }

  /** A detached copy for asynchronous reporters (the live context is reused for the next record). */
  snapshot(): ProcessingContext {
    const c = new ProcessingContext();
    c.consumed = this.consumed;
    c.source = this.source;
    c.sink = this.sink;
    c.stage = this.stage;
    c.executingClass = this.executingClass;
    c.error = this.error;
    c.attempts = this.attempts;
    return c;
  }

  /** `topic 'orders' partition 2 offset 17` (sink) / `source partition {...} offset {...}` — for messages. */
  describeRecord(): string {
    const c = this.consumed;
    if (c) return `topic '${c.topic}' partition ${c.partition} offset ${c.offset}`;
    const s = this.source;
    if (s) return `record for topic '${s.topic}' (source partition ${JSON.stringify(s.sourcePartition)}, offset ${JSON.stringify(s.sourceOffset)})`;
    const k = this.sink;
    if (k) return `topic '${k.originalTopic}' partition ${k.originalKafkaPartition} offset ${k.originalKafkaOffset}`;
    return 'no record';
  }
}
