import { ApiKey } from '../protocol/api-keys.js';
import type { Handler } from './request-context.js';
import { handleApiVersions } from '../handlers/api-versions.js';
import { handleMetadata } from '../handlers/metadata.js';
import { handleProduce } from '../handlers/produce.js';
import { handleFetch } from '../handlers/fetch.js';
import { handleListOffsets } from '../handlers/list-offsets.js';
import { handleCreateTopics } from '../handlers/create-topics.js';
import { handleDeleteTopics } from '../handlers/delete-topics.js';
import { handleCreatePartitions } from '../handlers/create-partitions.js';
import { handleDescribeConfigs } from '../handlers/describe-configs.js';
import { handleAlterConfigs } from '../handlers/alter-configs.js';
import { handleDeleteRecords } from '../handlers/delete-records.js';
import { handleFindCoordinator } from '../handlers/find-coordinator.js';
import { handleJoinGroup } from '../handlers/join-group.js';
import { handleSyncGroup } from '../handlers/sync-group.js';
import { handleHeartbeat } from '../handlers/heartbeat.js';
import { handleLeaveGroup } from '../handlers/leave-group.js';
import { handleOffsetCommit } from '../handlers/offset-commit.js';
import { handleOffsetFetch } from '../handlers/offset-fetch.js';
import { handleDescribeGroups } from '../handlers/describe-groups.js';
import { handleListGroups } from '../handlers/list-groups.js';
import { handleDeleteGroups } from '../handlers/delete-groups.js';
import { handleInitProducerId } from '../handlers/init-producer-id.js';
import { handleAddPartitionsToTxn } from '../handlers/add-partitions-to-txn.js';
import { handleAddOffsetsToTxn } from '../handlers/add-offsets-to-txn.js';
import { handleEndTxn } from '../handlers/end-txn.js';
import { handleTxnOffsetCommit } from '../handlers/txn-offset-commit.js';
import { handleDescribeCluster } from '../handlers/describe-cluster.js';

/** Which handler serves each API key. */
export function createHandlerTable(extra: ReadonlyMap<number, Handler> = new Map()): Map<number, Handler> {
  const table = new Map<number, Handler>([
    [ApiKey.ApiVersions, handleApiVersions],
    [ApiKey.Metadata, handleMetadata],
    [ApiKey.Produce, handleProduce],
    [ApiKey.Fetch, handleFetch],
    [ApiKey.ListOffsets, handleListOffsets],
    [ApiKey.CreateTopics, handleCreateTopics],
    [ApiKey.DeleteTopics, handleDeleteTopics],
    [ApiKey.CreatePartitions, handleCreatePartitions],
    [ApiKey.DescribeConfigs, handleDescribeConfigs],
    [ApiKey.AlterConfigs, handleAlterConfigs],
    [ApiKey.DeleteRecords, handleDeleteRecords],
    [ApiKey.FindCoordinator, handleFindCoordinator],
    [ApiKey.JoinGroup, handleJoinGroup],
    [ApiKey.SyncGroup, handleSyncGroup],
    [ApiKey.Heartbeat, handleHeartbeat],
    [ApiKey.LeaveGroup, handleLeaveGroup],
    [ApiKey.OffsetCommit, handleOffsetCommit],
    [ApiKey.OffsetFetch, handleOffsetFetch],
    [ApiKey.DescribeGroups, handleDescribeGroups],
    [ApiKey.ListGroups, handleListGroups],
    [ApiKey.DeleteGroups, handleDeleteGroups],
    [ApiKey.InitProducerId, handleInitProducerId],
    [ApiKey.AddPartitionsToTxn, handleAddPartitionsToTxn],
    [ApiKey.AddOffsetsToTxn, handleAddOffsetsToTxn],
    [ApiKey.EndTxn, handleEndTxn],
    [ApiKey.TxnOffsetCommit, handleTxnOffsetCommit],
    [ApiKey.DescribeCluster, handleDescribeCluster],
  ]);
  for (const [k, h] of extra) table.set(k, h);
  return table;
}
