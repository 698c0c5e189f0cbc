// Shapes of the protocol bodies the coordinator reads and answers (Kafka message-JSON field
// names in lowerCamelCase). Only the fields the coordinator uses are typed; fields absent in
// an older version are simply undefined.

export interface RequestContext {
  clientId?: string | null;
  clientHost?: string;
}

export interface ProtocolEntry { name: string; metadata: Buffer }

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs?: number;
  memberId: string;
  groupInstanceId?: string | null;
  protocolType: string;
  protocols: ProtocolEntry[];
  reason?: string | null;
}

export interface JoinGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  memberId: string;
  members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
  protocolType?: string | null;
  protocolName?: string | null;
  assignments: Array<{ memberId: string; assignment: Buffer }>;
}

export interface SyncGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
}

export interface HeartbeatResponse { throttleTimeMs: number; errorCode: number }

export interface LeaveGroupRequest {
  groupId: string;
  memberId?: string; // v0-2
  members?: Array<{ memberId: string; groupInstanceId?: string | null; reason?: string | null }>; // v3+
}

export interface LeaveGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  members: Array<{ memberId: string; groupInstanceId: string | null; errorCode: number }>;
}

export interface OffsetCommitRequest {
  groupId: string;
  generationIdOrMemberEpoch?: number;
  generationId?: number; // tolerated alias
  memberId?: string;
  groupInstanceId?: string | null;
  retentionTimeMs?: number;
  topics: Array<{
    name: string;
    partitions: Array<{
      partitionIndex: number;
      committedOffset: number;
      committedLeaderEpoch?: number;
      commitTimestamp?: number;
      committedMetadata: string | null;
    }>;
  }>;
}

export interface PartitionErrors {
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }>;
}

export interface OffsetCommitResponse extends PartitionErrors { throttleTimeMs: number }

export interface TxnOffsetCommitRequest {
  transactionalId: string;
  groupId: string;
  producerId: number;
  producerEpoch: number;
  generationId?: number;
  memberId?: string;
  groupInstanceId?: string | null;
  topics: OffsetCommitRequest['topics'];
}

export type TxnOffsetCommitResponse = OffsetCommitResponse;

export interface FetchTopic { name: string; partitionIndexes: number[] }

export interface OffsetFetchRequest {
  groupId?: string; // v0-7
  topics?: FetchTopic[] | null; // v0-7; null = all (v2+)
  groups?: Array<{ groupId: string; topics: FetchTopic[] | null }>; // v8+
  requireStable?: boolean; // v7+
}

export interface FetchedPartition {
  partitionIndex: number;
  committedOffset: number;
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface FetchedTopic { name: string; partitions: FetchedPartition[] }

export interface OffsetFetchResponse {
  throttleTimeMs: number;
  topics: FetchedTopic[];
  errorCode: number;
  groups: Array<{ groupId: string; topics: FetchedTopic[]; errorCode: number }>;
}

export interface DescribeGroupsRequest { groups: string[]; includeAuthorizedOperations?: boolean }

export interface DescribedMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: DescribedMember[];
  authorizedOperations: number;
}

export interface DescribeGroupsResponse { throttleTimeMs: number; groups: DescribedGroup[] }

export interface ListGroupsRequest { statesFilter?: string[]; typesFilter?: string[] }

export interface ListGroupsResponse {
  throttleTimeMs: number;
  errorCode: number;
  groups: Array<{ groupId: string; protocolType: string; groupState: string; groupType: string }>;
}

export interface DeleteGroupsRequest { groupsNames: string[] }

export interface DeleteGroupsResponse {
  throttleTimeMs: number;
  results: Array<{ groupId: string; errorCode: number }>;
}
