// What the broker can speak per API. NON_FLEXIBLE_MAX is the newest pre-KIP-482 version of each API —
// every version the non-flexible clients (kafkajs 2.2.4, librdkafka 2.x, kafka-python 2.0, sarama) send
// is at or below it, and each is covered by fixture/round-trip tests. FLEXIBLE_MAX extends that with
// flexible versions that are round-trip tested; a server may advertise them (opt-in).
import { ApiKey } from './api-keys.js';

export interface ApiVersionRange { apiKey: number; minVersion: number; maxVersion: number }

/**
 * Oldest version advertised per API (0 when absent). Produce/Fetch stay at 0 on purpose, although
 * v0-2 carry legacy MessageSets: librdkafka 2.0.2 enables gzip/snappy/lz4 only when the broker lists
 * Produce v2 and Fetch v2 ("MsgVer1" feature) — with min 3/4 it silently sends uncompressed batches
 * (verified with kcat). It still uses Produce v7 / Fetch v11 afterwards.
 */
const MIN_VERSION: ReadonlyMap<number, number> = new Map();

export const NON_FLEXIBLE_MAX: ReadonlyMap<number, number> = new Map([
  [ApiKey.Produce, 8], [ApiKey.Fetch, 11], [ApiKey.ListOffsets, 5], [ApiKey.Metadata, 8],
  [ApiKey.OffsetCommit, 7], [ApiKey.OffsetFetch, 5], [ApiKey.FindCoordinator, 2], [ApiKey.JoinGroup, 5],
  [ApiKey.Heartbeat, 3], [ApiKey.LeaveGroup, 3], [ApiKey.SyncGroup, 3], [ApiKey.DescribeGroups, 4],
  [ApiKey.ListGroups, 2], [ApiKey.SaslHandshake, 1], [ApiKey.ApiVersions, 2], [ApiKey.CreateTopics, 4],
  [ApiKey.DeleteTopics, 3], [ApiKey.DeleteRecords, 1], [ApiKey.InitProducerId, 1], [ApiKey.AddPartitionsToTxn, 2],
  [ApiKey.AddOffsetsToTxn, 2], [ApiKey.EndTxn, 2], [ApiKey.TxnOffsetCommit, 2], [ApiKey.DescribeConfigs, 3],
  [ApiKey.AlterConfigs, 1], [ApiKey.SaslAuthenticate, 1], [ApiKey.CreatePartitions, 1], [ApiKey.DeleteGroups, 1],
]);

/**
 * Flexible maxima that round-trip through the codec. Fetch stops at 12 and Metadata at 12: Fetch 13+
 * addresses topics by id only. DescribeCluster exists only in flexible versions.
 */
export const FLEXIBLE_MAX: ReadonlyMap<number, number> = new Map([
  [ApiKey.Produce, 11], [ApiKey.Fetch, 12], [ApiKey.ListOffsets, 10], [ApiKey.Metadata, 12],
  [ApiKey.OffsetCommit, 9], [ApiKey.OffsetFetch, 9], [ApiKey.FindCoordinator, 6], [ApiKey.JoinGroup, 9],
  [ApiKey.Heartbeat, 4], [ApiKey.LeaveGroup, 5], [ApiKey.SyncGroup, 5], [ApiKey.DescribeGroups, 5],
  [ApiKey.ListGroups, 5], [ApiKey.SaslHandshake, 1], [ApiKey.ApiVersions, 4], [ApiKey.CreateTopics, 7],
  [ApiKey.DeleteTopics, 6], [ApiKey.DeleteRecords, 2], [ApiKey.InitProducerId, 5], [ApiKey.AddPartitionsToTxn, 5],
  [ApiKey.AddOffsetsToTxn, 4], [ApiKey.EndTxn, 5], [ApiKey.TxnOffsetCommit, 4], [ApiKey.DescribeConfigs, 4],
  [ApiKey.AlterConfigs, 2], [ApiKey.SaslAuthenticate, 2], [ApiKey.CreatePartitions, 3], [ApiKey.DeleteGroups, 2],
  [ApiKey.DescribeCluster, 1],
]);

/** Ranges to advertise in ApiVersions. `flexible: true` includes the flexible versions. */
export function supportedVersions(opts: { flexible?: boolean } = {}): ApiVersionRange[] {
  const table = opts.flexible ? FLEXIBLE_MAX : NON_FLEXIBLE_MAX;
  return [...table.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([apiKey, maxVersion]) => ({ apiKey, minVersion: MIN_VERSION.get(apiKey) ?? 0, maxVersion }));
}

/** Newest version decodeRequest/decodeResponse accept for an API (-1 when unknown). */
export function maxDecodableVersion(apiKey: number): number {
  return FLEXIBLE_MAX.get(apiKey) ?? -1;
}
