/**
 * The S3 sink task. `put` routes each record to its partition's writer (which commits files as rotation
 * triggers fire); `preCommit` returns, per partition, only the offset after the last fully uploaded
 * batch, so Kafka never acknowledges a record that is not in S3. On `open` the task resumes each
 * partition from the bucket (see bucket-recovery.ts), so a crash leaves neither duplicates nor gaps.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import {
  DataError,
  SinkTask,
  topicPartitionKey,
  type ConnectorProps,
  type SinkRecord,
  type TopicPartition,
  type TopicPartitionOffset,
  type TopicPartitionOffsets,
} from '../../../src/api/index.js';
import { companionFormats } from '../format/companion-formats.js';
import { createFormat } from '../format/create-format.js';
import type { KeyLayout } from '../object-key.js';
import { createPartitioner, partitionerKind } from '../partitioner/create-partitioner.js';
import { createTimestampExtractor } from '../partitioner/timestamp-extractor.js';
import { ZoneOffsets } from '../partitioner/zone-offsets.js';
import { S3_CONNECTOR_VERSION } from '../s3-common-config.js';
import { createS3Client } from '../s3-client.js';
import { recoverResumeOffsets, type RecoveryScope } from './bucket-recovery.js';
import { s3SinkConfigDef, type S3SinkConfig } from './s3-sink-config.js';
import { TopicPartitionWriter, type WriterSettings } from './topic-partition-writer.js';
import { UploadSlots } from './upload-slots.js';

/** Milliseconds since the epoch; injectable so tests drive rotation without sleeping. */
export type Clock = () => number;

export interface S3SinkTaskOptions {
  readonly clock?: Clock;
}

/** Object uploads a task runs at once (all partitions together). */
const UPLOAD_CONCURRENCY = 4;

export class S3SinkTask extends SinkTask {
  readonly #clock: Clock;
  #cfg: S3SinkConfig | undefined;
  #client: S3Client | undefined;
  #settings: WriterSettings | undefined;
  #recovery: RecoveryScope | undefined;
  readonly #writers = new Map<string, TopicPartitionWriter>();
  /** The writer of the previous record (cleared whenever writers are removed). */
  #lastWriter: TopicPartitionWriter | undefined;

  constructor(options: S3SinkTaskOptions = {}) {
    super();
    this.#clock = options.clock ?? Date.now;
  }

  version(): string {
    return S3_CONNECTOR_VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    const cfg = s3SinkConfigDef.parse(props);
    this.#cfg = cfg;
    const format = await createFormat(cfg);
    const gzip = cfg['s3.compression.type'] === 'gzip' && format.compressible;
    const layout: KeyLayout = {
      topicsDir: cfg['topics.dir'],
      directoryDelim: cfg['directory.delim'],
      fileDelim: cfg['file.delim'],
      zeroPadWidth: cfg['filename.offset.zero.pad.width'],
    };
    const partitioner = createPartitioner(cfg);
    const client = createS3Client(cfg);
    this.#client = client;
    const extension = format.extension + (gzip ? '.gz' : '');
    this.#settings = {
      client,
      bucket: cfg['s3.bucket.name'],
      layout,
      format,
      extension,
      gzipLevel: gzip ? cfg['s3.compression.level'] : null,
      partSize: cfg['s3.part.size'],
      flushSize: cfg['flush.size'],
      rotateIntervalMs: cfg['rotate.interval.ms'],
      rotateScheduleIntervalMs: cfg['rotate.schedule.interval.ms'],
      scheduleZone: new ZoneOffsets(cfg.timezone === '' ? 'UTC' : cfg.timezone),
      partitioner,
      extractor: createTimestampExtractor(cfg['timestamp.extractor'], cfg['timestamp.field']),
      companions: companionFormats(cfg),
      uploadSlots: new UploadSlots(UPLOAD_CONCURRENCY),
    };
    const defaultLayout = partitionerKind(cfg['partitioner.class']) === 'DefaultPartitioner';
    this.#recovery = {
      client,
      bucket: cfg['s3.bucket.name'],
      layout,
      extension,
      ...(defaultLayout ? { partitionDirectory: (p: number) => `partition=${p}` } : {}),
    };
  }

  override async open(partitions: readonly TopicPartition[]): Promise<void> {
    const settings = this.#requireSettings();
    const fresh: TopicPartitionWriter[] = [];
    for (const tp of partitions) {
      const key = topicPartitionKey(tp);
      if (this.#writers.has(key)) continue;
      const writer = new TopicPartitionWriter({ topic: tp.topic, partition: tp.partition }, settings);
      this.#writers.set(key, writer);
      fresh.push(writer);
    }
    if (!this.#cfg!['s3.recover.from.bucket'] || fresh.length === 0) return;
    const byTopic = new Map<string, TopicPartitionWriter[]>();
    for (const w of fresh) {
      const list = byTopic.get(w.tp.topic);
      if (list === undefined) byTopic.set(w.tp.topic, [w]);
      else list.push(w);
    }
    const seeks: TopicPartitionOffset[] = [];
    for (const [topic, writers] of byTopic) {
      const resume = await recoverResumeOffsets(this.#recovery!, topic, writers.map((w) => w.tp.partition));
      for (const w of writers) {
        const offset = resume.get(w.tp.partition);
        if (offset === undefined) continue;
        w.resumeAt(offset);
        seeks.push({ topic, partition: w.tp.partition, offset });
      }
    }
    if (seeks.length > 0) {
      this.context.log.info({ partitions: seeks }, 'resuming partitions from the last batch found in the bucket');
      this.context.offset(seeks);
    }
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const cfg = this.#cfg!;
    const now = this.#clock();
    const nullBehavior = cfg['behavior.on.null.values'];
    const tombstones = cfg['tombstone.encoded.partition'];
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const writer = this.#writerFor(r);
      let encoded: string | undefined;
      if (r.value === null || r.value === undefined) {
        if (nullBehavior === 'ignore') continue;
        if (nullBehavior === 'fail') {
          await this.#badRecord(r, new DataError(
            `null value at topic ${r.topic} partition ${r.kafkaPartition} offset ${r.kafkaOffset}; set behavior.on.null.values=ignore or write to accept tombstones`,
            { code: 'TRIB_S3_NULL_VALUE' },
          ));
          continue;
        }
        encoded = tombstones;
      }
      try {
        const pending = writer.write(r, encoded, now);
        if (pending !== undefined) await pending;
      } catch (err) {
        if (!(err instanceof DataError)) throw err;
        await this.#badRecord(r, err);
      }
    }
    this.#rotateOnSchedule(now);
    await this.#enforceMemoryCap();
  }

  /** Nothing to do: durability is decided by rotation, and preCommit reports only what is uploaded. */
  override flush(): void {}

  override async preCommit(_currentOffsets: TopicPartitionOffsets): Promise<TopicPartitionOffsets> {
    this.#rotateOnSchedule(this.#clock());
    // Let the uploads under way land, so the offsets returned are as fresh as they can be.
    await Promise.all([...this.#writers.values()].map((w) => w.settleUploads()));
    const out: TopicPartitionOffset[] = [];
    for (const w of this.#writers.values()) {
      if (w.committedOffset !== null) out.push({ topic: w.tp.topic, partition: w.tp.partition, offset: w.committedOffset });
    }
    return out;
  }

  override async close(partitions: readonly TopicPartition[]): Promise<void> {
    this.#lastWriter = undefined;
    const closing: Promise<void>[] = [];
    for (const tp of partitions) {
      const key = topicPartitionKey(tp);
      const w = this.#writers.get(key);
      if (w === undefined) continue;
      this.#writers.delete(key);
      closing.push(w.close());
    }
    await Promise.allSettled(closing);
  }

  async stop(): Promise<void> {
    this.#lastWriter = undefined;
    const writers = [...this.#writers.values()];
    this.#writers.clear();
    await Promise.allSettled(writers.map((w) => w.close()));
    this.#client?.destroy();
    this.#client = undefined;
  }

  /** Writers of the assigned partitions (tests and metrics). */
  writers(): readonly TopicPartitionWriter[] {
    return [...this.#writers.values()];
  }

  #requireSettings(): WriterSettings {
    if (this.#settings === undefined) throw new Error('S3SinkTask used before start()');
    return this.#settings;
  }

  #writerFor(r: SinkRecord): TopicPartitionWriter {
    // Batches come in runs of one partition: reuse the last writer instead of building a key per record.
    const last = this.#lastWriter;
    if (last !== undefined && last.tp.partition === r.kafkaPartition && last.tp.topic === r.topic) return last;
    return (this.#lastWriter = this.#lookupWriter(r));
  }

  #lookupWriter(r: SinkRecord): TopicPartitionWriter {
    const key = topicPartitionKey({ topic: r.topic, partition: r.kafkaPartition });
    let w = this.#writers.get(key);
    if (w === undefined) {
      // A record for a partition we were not told about (a runtime without open()): start a writer for it.
      w = new TopicPartitionWriter({ topic: r.topic, partition: r.kafkaPartition }, this.#requireSettings());
      this.#writers.set(key, w);
    }
    return w;
  }

  async #badRecord(record: SinkRecord, err: Error): Promise<void> {
    const reporter = this.context.errantRecordReporter();
    if (reporter === null) throw err;
    await reporter(record, err);
  }

  #rotateOnSchedule(now: number): void {
    if (this.#cfg!['rotate.schedule.interval.ms'] <= 0) return;
    for (const w of this.#writers.values()) w.rotateOnSchedule(now);
  }

  /** Past `s3.max.buffered.bytes`, commit the partitions holding the most until back under the cap. */
  async #enforceMemoryCap(): Promise<void> {
    const cap = this.#cfg!['s3.max.buffered.bytes'];
    let total = 0;
    for (const w of this.#writers.values()) total += w.bufferedBytes;
    if (total <= cap) return;
    const bySize = [...this.#writers.values()].sort((a, b) => b.bufferedBytes - a.bufferedBytes);
    for (const w of bySize) {
      if (total <= cap) break;
      total -= w.bufferedBytes;
      await w.commit();
    }
  }
}
