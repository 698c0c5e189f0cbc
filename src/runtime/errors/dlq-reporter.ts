/**
 * The dead letter queue (`errors.deadletterqueue.topic.name`): each failed record is produced to the DLQ
 * topic with the *original* key, value, headers and timestamp bytes as consumed — untouched — and, with
 * `errors.deadletterqueue.context.headers.enable`, Kafka Connect's `__connect.errors.*` headers naming where
 * and why it failed. The partition is left to the default partitioner, as Kafka does.
 *
 * Source tasks (beyond Kafka Connect, which has no source DLQ): a polled record that failed in an SMT or a
 * converter has no bytes yet, so its DLQ value is a JSON document `{topic, kafkaPartition, key, value,
 * timestamp, sourcePartition, sourceOffset}` (schemaless rendering; bytes as base64, bigints as strings).
 *
 * Reports are batched: records reported in the same tick go out in one produce request. Each report's
 * promise settles when its record is acknowledged.
 */
import type { RawHeader, OutgoingRecord, RecordAck } from '../../kafka/kafka-record.js';
import { fullTrace, type ErrorReporter } from './error-reporter.js';
import type { ProcessingContext } from './processing-context.js';

export const DLQ_HEADER_PREFIX = '__connect.errors.';
export const DLQ_HEADERS = {
  topic: `${DLQ_HEADER_PREFIX}topic`,
  partition: `${DLQ_HEADER_PREFIX}partition`,
  offset: `${DLQ_HEADER_PREFIX}offset`,
  connectorName: `${DLQ_HEADER_PREFIX}connector.name`,
  taskId: `${DLQ_HEADER_PREFIX}task.id`,
  stage: `${DLQ_HEADER_PREFIX}stage`,
  className: `${DLQ_HEADER_PREFIX}class.name`,
  exceptionClassName: `${DLQ_HEADER_PREFIX}exception.class.name`,
  exceptionMessage: `${DLQ_HEADER_PREFIX}exception.message`,
  exceptionStacktrace: `${DLQ_HEADER_PREFIX}exception.stacktrace`,
} as const;

/** What the reporter needs from a producer (KafkaProducer fits). */
export interface RecordSender {
  send(records: readonly OutgoingRecord[]): Promise<RecordAck[]>;
  close(): Promise<void>;
}

export interface DlqReporterOptions {
  readonly topic: string;
  readonly connector: string;
  readonly task: number;
  readonly contextHeaders: boolean;
}

interface Queued {
  record: OutgoingRecord;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class DlqReporter implements ErrorReporter {
  readonly #opts: DlqReporterOptions;
  readonly #sender: RecordSender;
  #queue: Queued[] = [];
  #scheduled = false;
  #inFlight: Promise<void> = Promise.resolve();
  /** Count of records acknowledged by the DLQ topic. */
  reported = 0;
  /** Records whose DLQ write failed. */
  failed = 0;

  constructor(sender: RecordSender, options: DlqReporterOptions) {
    this.#sender = sender;
    this.#opts = options;
  }

  report(ctx: ProcessingContext): Promise<void> {
    const record = this.#dlqRecord(ctx);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 0) return;
    // one request at a time keeps the DLQ in report order
    this.#inFlight = this.#inFlight.then(async () => {
      try {
        await this.#sender.send(batch.map((q) => q.record));
        this.reported += batch.length;
        for (const q of batch) q.resolve();
      } catch (err) {
        this.failed += batch.length;
        for (const q of batch) q.reject(err as Error);
      }
    });
  }

  #dlqRecord(ctx: ProcessingContext): OutgoingRecord {
    const c = ctx.consumed;
    const headers: RawHeader[] = c ? [...c.headers] : [];
    let key: Uint8Array | null = c?.key ?? null;
    let value: Uint8Array | null = c?.value ?? null;
    let timestamp: number | null = c?.timestamp ?? null;
    if (!c && ctx.source) {
      const s = ctx.source;
      key = null;
      value = Buffer.from(
        renderJson({ topic: s.topic, kafkaPartition: s.kafkaPartition, key: s.key, value: s.value, timestamp: s.timestamp, sourcePartition: s.sourcePartition, sourceOffset: s.sourceOffset }),
      );
      timestamp = s.timestamp;
    }
    if (this.#opts.contextHeaders) {
      const add = (k: string, v: string) => headers.push({ key: k, value: Buffer.from(v, 'utf8') });
      if (c) {
        add(DLQ_HEADERS.topic, c.topic);
        add(DLQ_HEADERS.partition, String(c.partition));
        add(DLQ_HEADERS.offset, String(c.offset));
      } else if (ctx.source) {
        add(DLQ_HEADERS.topic, ctx.source.topic);
      }
      add(DLQ_HEADERS.connectorName, this.#opts.connector);
      add(DLQ_HEADERS.taskId, String(this.#opts.task));
      add(DLQ_HEADERS.stage, ctx.stage);
      add(DLQ_HEADERS.className, ctx.executingClass);
      const e = ctx.error;
      if (e) {
        add(DLQ_HEADERS.exceptionClassName, e.name || e.constructor.name);
        add(DLQ_HEADERS.exceptionMessage, e.message);
        add(DLQ_HEADERS.exceptionStacktrace, fullTrace(e));
      }
    }
    return { topic: this.#opts.topic, partition: null, key, value, headers, timestamp };
  }

  async close(): Promise<void> {
    this.#flush();
    await this.#inFlight;
    await this.#sender.close();
  }
}

/** DLQ records written and failed, over the DLQ reporters among `reporters`. */
export function dlqCounts(reporters: readonly ErrorReporter[]): { records: number; failures: number } {
  let records = 0;
  let failures = 0;
  for (const r of reporters) {
    if (r instanceof DlqReporter) {
      records += r.reported;
      failures += r.failed;
    }
  }
  return { records, failures };
}

function renderJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return x.toString();
    if (x instanceof Uint8Array) return Buffer.from(x).toString('base64');
    if (x instanceof Map) return Object.fromEntries(x);
    return x;
  });
}
