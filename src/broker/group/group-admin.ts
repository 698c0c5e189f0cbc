// DescribeGroups, ListGroups and DeleteGroups.
import { ErrorCode } from '../protocol/error-codes.js';
import type { GroupRegistry } from './group-registry.js';
import type {
  DeleteGroupsRequest, DeleteGroupsResponse, DescribeGroupsRequest, DescribeGroupsResponse, DescribedGroup,
  ListGroupsRequest, ListGroupsResponse,
} from './group-messages.js';
import type { Membership } from './membership.js';
import type { OffsetManager } from './offset-manager.js';

// Authorized operations of a group when asked for (no ACLs here): READ, DELETE, DESCRIBE.
const GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);
const NOT_REQUESTED = -2147483648;

export class GroupAdmin {
  constructor(
    private readonly reg: GroupRegistry,
    private readonly membership: Membership,
    private readonly offsets: OffsetManager,
  ) {}

  describeGroups(req: DescribeGroupsRequest, version: number): DescribeGroupsResponse {
    const ops = version >= 3 && req.includeAuthorizedOperations ? GROUP_OPERATIONS : NOT_REQUESTED;
    const groups = (req.groups ?? []).map((groupId): DescribedGroup => {
      const g = this.reg.get(groupId);
      if (!groupId) {
        return { errorCode: ErrorCode.INVALID_GROUP_ID, groupId, groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: ops };
      }
      // Kafka answers an unknown group as Dead with no error.
      if (!g) return { errorCode: ErrorCode.NONE, groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [], authorizedOperations: ops };
      // Metadata and assignments are only meaningful once the group is Stable (as in Kafka).
      const stable = g.is('Stable');
      return {
        errorCode: ErrorCode.NONE,
        groupId,
        groupState: g.state,
        protocolType: g.protocolType ?? '',
        protocolData: stable ? g.protocolName ?? '' : '',
        members: [...g.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          memberMetadata: stable ? m.metadata(g.protocolName) : Buffer.alloc(0),
          memberAssignment: stable ? m.assignment : Buffer.alloc(0),
        })),
        authorizedOperations: ops,
      };
    });
    return { throttleTimeMs: 0, groups };
  }

  listGroups(req: ListGroupsRequest, version: number): ListGroupsResponse {
    const states = version >= 4 ? (req.statesFilter ?? []).map((s) => s.toLowerCase()) : [];
    const types = version >= 5 ? (req.typesFilter ?? []).map((s) => s.toLowerCase()) : [];
    const groups: ListGroupsResponse['groups'] = [];
    for (const g of this.reg.groups.values()) {
      if (g.is('Dead')) continue;
      if (states.length > 0 && !states.includes(g.state.toLowerCase())) continue;
      if (types.length > 0 && !types.includes('classic')) continue;
      groups.push({ groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.state, groupType: 'classic' });
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
  }

  /** Deletes Empty groups with their offsets (tombstones in the store). */
  async deleteGroups(req: DeleteGroupsRequest, _version: number): Promise<DeleteGroupsResponse> {
    const results: DeleteGroupsResponse['results'] = [];
    const records = [];
    for (const groupId of req.groupsNames ?? []) {
      const g = this.reg.get(groupId);
      if (!groupId) { results.push({ groupId, errorCode: ErrorCode.INVALID_GROUP_ID }); continue; }
      if (!g || g.is('Dead')) { results.push({ groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND }); continue; }
      if (!g.is('Empty') || g.members.size > 0) { results.push({ groupId, errorCode: ErrorCode.NON_EMPTY_GROUP }); continue; }
      this.membership.engine.shutdownGroup(g, ErrorCode.COORDINATOR_NOT_AVAILABLE); // pending MEMBER_ID_REQUIRED ids
      g.transitionTo('Dead', this.reg.now());
      this.reg.groups.delete(groupId);
      this.offsets.forgetGroup(groupId);
      records.push(...this.reg.deletionRecords(g));
      results.push({ groupId, errorCode: ErrorCode.NONE });
    }
    try {
      await this.reg.persist(records);
    } catch {
      // The groups are gone from memory; the tombstones did not land. Report it per group.
      for (const r of results) if (r.errorCode === ErrorCode.NONE) r.errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
    return { throttleTimeMs: 0, results };
  }
}
