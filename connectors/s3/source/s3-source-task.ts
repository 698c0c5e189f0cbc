/**
 * Reads the sink's files back into Kafka. Files are grouped by their original topic and Kafka partition
 * (one source partition each, `{ bucket, prefix, topic, partition }`) and read in start-offset order, so
 * each partition's records come back in their original order (exactly so with the DefaultPartitioner,
 * where one directory holds a partition's files; per directory with the others). The source offset
 * `{ startOffset, record }` names the file and how many of its records were already produced, so a
 * restarted task resumes at the next record.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import {
  ConfigError,
  Schemas,
  SourceTask,
  sourceRecord,
  type ConnectorProps,
  type SourcePartition,
  type SourceRecord,
} from '../../../src/api/index.js';
import { byteArraySeparator, formatKind } from '../format/create-format.js';
import { parseFileName, topicPrefix, type KeyLayout } from '../object-key.js';
import { S3_CONNECTOR_VERSION } from '../s3-common-config.js';
import { createS3Client } from '../s3-client.js';
import { s3Failure } from '../s3-error.js';
import { companionFormats } from '../format/companion-formats.js';
import { companionKeys, decodeFileSet, type CompanionSource, type FileRecords } from './downloaded-file.js';
import type { SourceFormat } from './file-records.js';
import { s3SourceConfigDef, type S3SourceConfig } from './s3-source-config.js';
import { taskOwns } from './task-owns.js';

interface SourceFile {
  readonly key: string;
  readonly topic: string;
  readonly partition: number;
  readonly startOffset: number;
}

interface Stream {
  readonly sourcePartition: SourcePartition;
  /** Files below this start offset are done. */
  doneBefore: number;
  /** Records of the file starting at `doneBefore` already produced. */
  skip: number;
}

interface OpenFile {
  readonly file: SourceFile;
  readonly stream: Stream;
  readonly records: FileRecords;
  next: number;
}

export class S3SourceTask extends SourceTask {
  #cfg: S3SourceConfig | undefined;
  #client: S3Client | undefined;
  #layout: KeyLayout | undefined;
  #format: SourceFormat = { kind: 'json' };
  #extensions: readonly string[] = [];
  #mapping = new Map<string, string>();
  readonly #streams = new Map<string, Stream>();
  readonly #known = new Set<string>();
  #queue: SourceFile[] = [];
  #open: OpenFile | undefined;
  #prefetched: { key: string; bodies: Promise<Uint8Array[]> } | undefined;
  #companions: CompanionSource[] = [];
  #nextListAt = 0;
  readonly #abort = new AbortController();

  version(): string {
    return S3_CONNECTOR_VERSION;
  }

  start(props: ConnectorProps): void {
    const cfg = s3SourceConfigDef.parse(props);
    this.#cfg = cfg;
    const kind = formatKind(cfg['format.class']);
    if (kind === 'avro' || kind === 'parquet') {
      throw new ConfigError('the S3 source reads JsonFormat and ByteArrayFormat files; AvroFormat and ParquetFormat are sink-only', { 'format.class': ['only JsonFormat and ByteArrayFormat are readable by the source'] });
    }
    this.#format = kind === 'json' ? { kind: 'json' } : { kind: 'bytearray', separator: Buffer.from(byteArraySeparator(cfg), 'utf8') };
    const ext = kind === 'json' ? '.json' : cfg['format.bytearray.extension'];
    this.#extensions = cfg['s3.compression.type'] === 'gzip' ? [`${ext}.gz`] : [ext];
    this.#companions = companionFormats(cfg).map((companion) => ({
      companion,
      format: companion.kind === 'keys' && formatKind(cfg['keys.format.class']) === 'bytearray'
        ? { kind: 'bytearray', separator: Buffer.from(byteArraySeparator(cfg), 'utf8') }
        : { kind: 'json' },
    }));
    this.#layout = {
      topicsDir: cfg['topics.dir'],
      directoryDelim: cfg['directory.delim'],
      fileDelim: cfg['file.delim'],
      zeroPadWidth: cfg['filename.offset.zero.pad.width'],
    };
    for (const pair of cfg['topic.mapping']) {
      const at = pair.lastIndexOf(':');
      if (at <= 0 || at === pair.length - 1) {
        throw new ConfigError(`Invalid value ${pair} for configuration topic.mapping: expected original:target`, { 'topic.mapping': [`expected original:target, got ${pair}`] });
      }
      this.#mapping.set(pair.slice(0, at), pair.slice(at + 1));
    }
    this.#client = createS3Client(cfg);
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.#open === undefined) {
      const file = await this.#nextFile();
      if (file === undefined) {
        await this.#waitUntil(this.#nextListAt);
        return null;
      }
      await this.#load(file);
      if (this.#open === undefined) return [];
    }
    return this.#emit();
  }

  stop(): void {
    this.#abort.abort();
    this.#client?.destroy();
  }

  #emit(): SourceRecord[] {
    const open = this.#open!;
    const { file, stream } = open;
    const cfg = this.#cfg!;
    const topic = this.#mapping.get(file.topic) ?? file.topic;
    const valueSchema = this.#format.kind === 'json' ? null : Schemas.OPTIONAL_BYTES;
    const keySchema = this.#companions.find((c) => c.companion.kind === 'keys')?.format.kind === 'bytearray' ? Schemas.OPTIONAL_BYTES : null;
    const { values, keys, headers } = open.records;
    const end = Math.min(values.length, open.next + cfg['batch.max.records']);
    const out: SourceRecord[] = [];
    for (let i = open.next; i < end; i++) {
      out.push(sourceRecord({
        topic,
        kafkaPartition: file.partition,
        value: values[i],
        valueSchema,
        ...(keys === undefined ? {} : { key: keys[i], keySchema }),
        ...(headers === undefined ? {} : { headers: headers[i] }),
        sourcePartition: stream.sourcePartition,
        sourceOffset: { startOffset: file.startOffset, record: i + 1 },
      }));
    }
    open.next = end;
    if (end >= values.length) {
      this.#open = undefined;
      stream.doneBefore = file.startOffset + 1;
      stream.skip = 0;
    }
    return out;
  }

  async #load(file: SourceFile): Promise<void> {
    const stream = this.#streams.get(`${file.topic}\u0000${file.partition}`)!;
    if (file.startOffset < stream.doneBefore) return;
    const extras = companionKeys(file.key, this.#extensions[0]!, this.#companions);
    const fetch = this.#prefetched?.key === file.key ? this.#prefetched.bodies : this.#download([file.key, ...extras]);
    this.#prefetched = undefined;
    let bodies: Uint8Array[];
    try {
      bodies = await fetch;
    } catch (err) {
      this.#queue.unshift(file);
      throw s3Failure(err, 'GetObject', this.#cfg!['s3.bucket.name'], file.key);
    }
    // Download the next file while this one's records are produced.
    const next = this.#queue[0];
    if (next !== undefined) {
      const nextBodies = this.#download([next.key, ...companionKeys(next.key, this.#extensions[0]!, this.#companions)]);
      nextBodies.catch(() => {}); // reported when (if) it is awaited
      this.#prefetched = { key: next.key, bodies: nextBodies };
    }
    const records = decodeFileSet(file.key, bodies, this.#format, this.#companions, extras);
    const skip = file.startOffset === stream.doneBefore ? stream.skip : 0;
    stream.doneBefore = file.startOffset;
    if (skip >= records.values.length) {
      stream.doneBefore = file.startOffset + 1;
      stream.skip = 0;
      return;
    }
    this.#open = { file, stream, records, next: skip };
  }

  #download(keys: readonly string[]): Promise<Uint8Array[]> {
    return Promise.all(keys.map(async (key) => {
      const res = await this.#client!.send(new GetObjectCommand({ Bucket: this.#cfg!['s3.bucket.name'], Key: key }), { abortSignal: this.#abort.signal });
      return res.Body!.transformToByteArray();
    }));
  }

  async #nextFile(): Promise<SourceFile | undefined> {
    if (this.#queue.length === 0 && Date.now() >= this.#nextListAt) {
      await this.#list();
      this.#nextListAt = Date.now() + this.#cfg!['poll.interval.ms'];
    }
    return this.#queue.shift();
  }

  async #list(): Promise<void> {
    const cfg = this.#cfg!;
    const layout = this.#layout!;
    const topics = cfg['source.topics'];
    const prefixes = topics.length === 0
      ? [layout.topicsDir === '' ? '' : `${layout.topicsDir}${layout.directoryDelim}`]
      : topics.map((t) => topicPrefix(layout, t));
    const found: SourceFile[] = [];
    for (const prefix of prefixes) {
      for await (const key of this.#listKeys(prefix)) {
        if (this.#known.has(key)) continue;
        const parsed = parseFileName(layout, key);
        if (parsed === undefined || !this.#extensions.includes(parsed.extension)) continue;
        if (topics.length > 0 && !topics.includes(parsed.topic)) continue;
        if (!key.startsWith(topicPrefix(layout, parsed.topic))) continue;
        if (!taskOwns(parsed.topic, parsed.partition, cfg['task.index'], cfg['task.count'])) continue;
        this.#known.add(key);
        found.push({ key, topic: parsed.topic, partition: parsed.partition, startOffset: parsed.startOffset });
      }
    }
    await this.#loadStreams(found);
    for (const f of found) {
      const stream = this.#streams.get(`${f.topic}\u0000${f.partition}`)!;
      if (f.startOffset < stream.doneBefore) continue; // already produced (per the committed source offset)
      this.#queue.push(f);
    }
    this.#queue.sort((a, b) => a.startOffset - b.startOffset || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  /** Reads the committed offsets of streams seen for the first time. */
  async #loadStreams(files: readonly SourceFile[]): Promise<void> {
    const fresh = new Map<string, SourcePartition>();
    for (const f of files) {
      const id = `${f.topic}\u0000${f.partition}`;
      if (this.#streams.has(id) || fresh.has(id)) continue;
      fresh.set(id, { bucket: this.#cfg!['s3.bucket.name'], prefix: this.#layout!.topicsDir, topic: f.topic, partition: f.partition });
    }
    if (fresh.size === 0) return;
    const committed = await this.context.offsetStorageReader.offsets([...fresh.values()]);
    for (const [id, sp] of fresh) {
      const o = committed.get(sp);
      const start = typeof o?.startOffset === 'number' ? o.startOffset : -1;
      const record = typeof o?.record === 'number' ? o.record : 0;
      this.#streams.set(id, { sourcePartition: sp, doneBefore: Math.max(start, 0), skip: start >= 0 ? record : 0 });
    }
  }

  async *#listKeys(prefix: string): AsyncGenerator<string> {
    const bucket = this.#cfg!['s3.bucket.name'];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.#client!.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: this.#abort.signal });
      } catch (err) {
        throw s3Failure(err, 'ListObjectsV2', bucket, prefix);
      }
      for (const o of page.Contents ?? []) if (o.Key !== undefined) yield o.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  /** Waits until `at` or until stop() — never longer than a second, so poll returns regularly. */
  async #waitUntil(at: number): Promise<void> {
    const ms = Math.min(Math.max(at - Date.now(), 0), 1000);
    if (ms === 0 || this.#abort.signal.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#abort.signal.addEventListener('abort', done, { once: true });
    });
  }
}
