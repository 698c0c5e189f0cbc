/**
 * Finds where each partition must resume from the objects already in the bucket.
 *
 * Every object names its start offset and records, in metadata, the start of the batch it belongs to.
 * Batches cover consecutive offset ranges and one is fully uploaded before the next begins, so the file
 * with the highest start offset belongs to the last batch, and resuming at that batch's start is safe:
 * re-reading from there regenerates the same file names (start offsets), overwriting whatever a crash left
 * half-written, and every earlier batch is complete. This holds even when rotation is not replayable
 * (wall-clock schedule, memory cap): a file is always named by its first record, and the first record
 * of a path after a batch start is the same in every run, so a replay overwrites instead of duplicating.
 *
 * Files without the metadata (written by another tool) are ignored: then the consumer's committed
 * offset decides, as in Confluent's connector.
 */
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parseFileName, topicPrefix, type KeyLayout } from '../object-key.js';
import { s3Failure } from '../s3-error.js';
import { BATCH_START_METADATA } from './topic-partition-writer.js';

export interface RecoveryScope {
  readonly client: S3Client;
  readonly bucket: string;
  readonly layout: KeyLayout;
  readonly extension: string;
  /** The directory below the topic when every file of a partition lives in one (DefaultPartitioner). */
  readonly partitionDirectory?: (partition: number) => string;
}

/** For each partition of `topic` that has files, the offset to resume from. */
export async function recoverResumeOffsets(scope: RecoveryScope, topic: string, partitions: readonly number[]): Promise<Map<number, number>> {
  const latest = new Map<number, { key: string; start: number }>();
  const wanted = new Set(partitions);
  const prefixes = scope.partitionDirectory === undefined
    ? [topicPrefix(scope.layout, topic)]
    : partitions.map((p) => topicPrefix(scope.layout, topic) + scope.partitionDirectory!(p) + scope.layout.directoryDelim);
  for (const prefix of prefixes) {
    for await (const key of listKeys(scope, prefix)) {
      const parsed = parseFileName(scope.layout, key);
      if (parsed === undefined || parsed.topic !== topic || parsed.extension !== scope.extension || !wanted.has(parsed.partition)) continue;
      const best = latest.get(parsed.partition);
      if (best === undefined || parsed.startOffset > best.start) latest.set(parsed.partition, { key, start: parsed.startOffset });
    }
  }
  const out = new Map<number, number>();
  for (const [partition, { key }] of latest) {
    let metadata: Record<string, string> | undefined;
    try {
      metadata = (await scope.client.send(new HeadObjectCommand({ Bucket: scope.bucket, Key: key }))).Metadata;
    } catch (err) {
      throw s3Failure(err, 'HeadObject', scope.bucket, key);
    }
    const start = Number(metadata?.[BATCH_START_METADATA]);
    if (metadata?.[BATCH_START_METADATA] !== undefined && Number.isSafeInteger(start) && start >= 0) out.set(partition, start);
  }
  return out;
}

async function* listKeys(scope: RecoveryScope, prefix: string): AsyncGenerator<string> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await scope.client.send(new ListObjectsV2Command({ Bucket: scope.bucket, Prefix: prefix, ContinuationToken: token }));
    } catch (err) {
      throw s3Failure(err, 'ListObjectsV2', scope.bucket, prefix);
    }
    for (const o of page.Contents ?? []) if (o.Key !== undefined) yield o.Key;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}
