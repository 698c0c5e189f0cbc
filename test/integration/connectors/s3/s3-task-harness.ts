/**
 * Drives the S3 connector tasks the way the runtime does, without a worker: API contexts that record
 * seeks and DLQ reports, an in-memory source offset store, and helpers that read the bucket back.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  silentLogger,
  sinkRecord,
  type ConnectorProps,
  type SinkRecord,
  type SinkTaskContext,
  type SourceOffset,
  type SourcePartition,
  type SourceTaskContext,
  type TopicPartition,
  type TopicPartitionOffset,
} from '../../../../src/api/index.js';
import type { TestS3 } from '../../../support/s3.js';

export class SinkContextStub implements SinkTaskContext {
  readonly seeks: TopicPartitionOffset[] = [];
  readonly reported: { record: SinkRecord; error: Error }[] = [];
  readonly log = silentLogger;
  #assignment: TopicPartition[] = [];
  constructor(private readonly props: ConnectorProps, private readonly dlq = false) {}
  configs(): ConnectorProps {
    return this.props;
  }
  offset(tpOrOffsets: TopicPartition | readonly TopicPartitionOffset[], offset?: number): void {
    if (Array.isArray(tpOrOffsets)) this.seeks.push(...(tpOrOffsets as readonly TopicPartitionOffset[]));
    else this.seeks.push({ ...(tpOrOffsets as TopicPartition), offset: offset! });
  }
  timeout(): void {}
  assignment(): readonly TopicPartition[] {
    return this.#assignment;
  }
  assign(tps: TopicPartition[]): void {
    this.#assignment = tps;
  }
  pause(): void {}
  resume(): void {}
  requestCommit(): void {}
  errantRecordReporter() {
    if (!this.dlq) return null;
    return async (record: SinkRecord, error: Error) => {
      this.reported.push({ record, error });
    };
  }
}

export class SourceContextStub implements SourceTaskContext {
  readonly log = silentLogger;
  readonly committed = new Map<string, SourceOffset>();
  constructor(private readonly props: ConnectorProps) {}
  configs(): ConnectorProps {
    return this.props;
  }
  transactionContext() {
    return null;
  }
  readonly offsetStorageReader = {
    offset: async (p: SourcePartition) => this.committed.get(JSON.stringify(p)) ?? null,
    offsets: async (ps: readonly SourcePartition[]) => new Map(ps.map((p) => [p, this.committed.get(JSON.stringify(p)) ?? null])),
  };
  /** What the runtime does once Kafka has acknowledged records: remember their offsets. */
  commit(records: readonly { sourcePartition: SourcePartition | null; sourceOffset: SourceOffset | null }[]): void {
    for (const r of records) if (r.sourcePartition !== null && r.sourceOffset !== null) this.committed.set(JSON.stringify(r.sourcePartition), r.sourceOffset);
  }
}

/** Records `from..to-1` of one partition, schemaless JSON values `{ id, p }`. */
export function records(topic: string, partition: number, from: number, to: number, value: (o: number) => unknown = (o) => ({ id: o, p: partition })): SinkRecord[] {
  const out: SinkRecord[] = [];
  for (let o = from; o < to; o++) out.push(sinkRecord({ topic, kafkaPartition: partition, kafkaOffset: o, value: value(o), timestamp: 1_700_000_000_000 + o * 1000 }));
  return out;
}

export async function listKeys(s3: TestS3, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys.sort();
}

export async function readObject(s3: TestS3, key: string): Promise<Buffer> {
  const res = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  const bytes = Buffer.from(await res.Body!.transformToByteArray());
  return key.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

/** The JSON lines of an object, parsed. */
export async function readJsonLines(s3: TestS3, key: string): Promise<unknown[]> {
  const text = (await readObject(s3, key)).toString('utf8');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
}

/** Every object's lines, keyed by object key. */
export async function bucketContents(s3: TestS3, prefix = ''): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const key of await listKeys(s3, prefix)) out[key] = await readJsonLines(s3, key);
  return out;
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public now: number) {}
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}
