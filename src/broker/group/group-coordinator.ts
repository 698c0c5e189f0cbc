// The group coordinator of the embedded broker: pure logic + injected timers, no sockets.
// Methods take and answer protocol bodies so the server's handlers just forward.
import { ErrorCode } from '../protocol/error-codes.js';
import { resolveOptions, type GroupCoordinatorOptions } from './coordinator-options.js';
import { GroupAdmin } from './group-admin.js';
import { GroupMetadata, type CommittedOffset } from './group-metadata.js';
import { GroupRegistry } from './group-registry.js';
import type {
  DeleteGroupsRequest, DeleteGroupsResponse, DescribeGroupsRequest, DescribeGroupsResponse,
  HeartbeatRequest, HeartbeatResponse, JoinGroupRequest, JoinGroupResponse, LeaveGroupRequest,
  LeaveGroupResponse, ListGroupsRequest, ListGroupsResponse, OffsetCommitRequest, OffsetCommitResponse,
  OffsetFetchRequest, OffsetFetchResponse, RequestContext, SyncGroupRequest, SyncGroupResponse,
  TxnOffsetCommitRequest, TxnOffsetCommitResponse,
} from './group-messages.js';
import { MemberMetadata } from './member-metadata.js';
import { Membership } from './membership.js';
import { OffsetManager } from './offset-manager.js';
import { decodeGroupValue, decodeKey, decodeOffsetValue, type GroupValue } from './offsets-format.js';
import { joinError, syncError } from './rebalance-engine.js';

export type { GroupCoordinatorOptions } from './coordinator-options.js';

export class GroupCoordinator {
  readonly #reg: GroupRegistry;
  readonly #membership: Membership;
  readonly #offsets: OffsetManager;
  readonly #admin: GroupAdmin;
  #cancelRetention: (() => void) | null = null;
  #closed = false;

  constructor(options: GroupCoordinatorOptions) {
    this.#reg = new GroupRegistry(resolveOptions(options));
    this.#membership = new Membership(this.#reg);
    this.#offsets = new OffsetManager(this.#reg, this.#membership);
    this.#admin = new GroupAdmin(this.#reg, this.#membership, this.#offsets);
    this.#scheduleRetention();
  }

  // --- membership ----------------------------------------------------------------------------

  /** Long-polls until the join barrier completes (or answers an error at once). */
  async joinGroup(req: JoinGroupRequest, apiVersion: number, ctx?: RequestContext): Promise<JoinGroupResponse> {
    if (this.#closed) return joinError(ErrorCode.NOT_COORDINATOR, req.memberId ?? '');
    return this.#membership.joinGroup(req, apiVersion, ctx);
  }

  /** Long-polls until the leader's assignment is stored. */
  async syncGroup(req: SyncGroupRequest, apiVersion: number): Promise<SyncGroupResponse> {
    if (this.#closed) return syncError(ErrorCode.NOT_COORDINATOR);
    return this.#membership.syncGroup(req, apiVersion);
  }

  async heartbeat(req: HeartbeatRequest, apiVersion: number): Promise<HeartbeatResponse> {
    if (this.#closed) return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR };
    return this.#membership.heartbeat(req, apiVersion);
  }

  /** v0-2: one member (`memberId`); v3+: a batch (`members`). */
  async leaveGroup(req: LeaveGroupRequest, apiVersion: number): Promise<LeaveGroupResponse> {
    if (this.#closed) return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR, members: [] };
    return this.#membership.leaveGroup(req, apiVersion);
  }

  // --- offsets -------------------------------------------------------------------------------

  async offsetCommit(req: OffsetCommitRequest, apiVersion: number): Promise<OffsetCommitResponse> {
    return this.#offsets.offsetCommit(req, apiVersion);
  }

  /** `topics: null` (v2+) fetches every committed partition; v8+ batches groups. */
  async offsetFetch(req: OffsetFetchRequest, apiVersion: number): Promise<OffsetFetchResponse> {
    return this.#offsets.offsetFetch(req, apiVersion);
  }

  /** Hook for TxnOffsetCommit: offsets stay pending until completeTransaction(producerId, ...). */
  async txnOffsetCommit(req: TxnOffsetCommitRequest, apiVersion: number): Promise<TxnOffsetCommitResponse> {
    return this.#offsets.txnOffsetCommit(req, apiVersion);
  }

  /** Called by the transaction coordinator once the markers are written. */
  async completeTransaction(producerId: number, commit: boolean): Promise<void> {
    return this.#offsets.completeTransaction(producerId, commit);
  }

  /** Runs offset retention now (also runs every offsetsRetentionCheckIntervalMs). */
  async expireOffsets(): Promise<number> {
    return this.#offsets.expireOffsets();
  }

  /** For DeleteTopics: removes every group's committed offsets of these topics. */
  async deleteTopicOffsets(topics: string[]): Promise<void> {
    return this.#offsets.deleteTopicOffsets(topics);
  }

  // --- admin ---------------------------------------------------------------------------------

  async describeGroups(req: DescribeGroupsRequest, apiVersion: number): Promise<DescribeGroupsResponse> {
    return this.#admin.describeGroups(req, apiVersion);
  }

  async listGroups(req: ListGroupsRequest, apiVersion: number): Promise<ListGroupsResponse> {
    return this.#admin.listGroups(req, apiVersion);
  }

  async deleteGroups(req: DeleteGroupsRequest, apiVersion: number): Promise<DeleteGroupsResponse> {
    return this.#admin.deleteGroups(req, apiVersion);
  }

  // --- lifecycle -----------------------------------------------------------------------------

  /**
   * Restores committed offsets and group metadata from the store. Call once, before serving.
   * Groups stored with members come back Stable; members must heartbeat within their session
   * timeout or are removed (as after a Kafka coordinator failover).
   */
  async load(): Promise<void> {
    const groups = new Map<string, { value: GroupValue | null; offsets: Map<string, CommittedOffset | null> }>();
    const entry = (id: string) => {
      let e = groups.get(id);
      if (!e) groups.set(id, (e = { value: null, offsets: new Map() }));
      return e;
    };
    for await (const r of this.#reg.options.offsetStore.readAll()) {
      let key;
      try { key = decodeKey(r.key); } catch { continue; } // not ours / corrupt: skip
      if (!key) continue;
      try {
        if (key.type === 'group') {
          entry(key.group).value = r.value ? decodeGroupValue(r.value) : null;
        } else {
          const v = r.value ? decodeOffsetValue(r.value) : null;
          entry(key.group).offsets.set(`${key.partition}\u0000${key.topic}`, v && { ...v, seq: this.#reg.nextSeq() });
        }
      } catch {
        continue; // a value in a format we do not read: skip it rather than refuse to start
      }
    }
    const now = this.#reg.now();
    for (const [groupId, e] of groups) {
      const live = [...e.offsets].filter(([, v]) => v !== null) as Array<[string, CommittedOffset]>;
      if (!e.value && live.length === 0) continue;
      const g = this.#reg.groups.get(groupId) ?? new GroupMetadata(groupId, now);
      for (const [k, v] of live) {
        const at = k.indexOf('\u0000');
        g.setOffset(k.slice(at + 1), Number(k.slice(0, at)), v);
      }
      if (e.value) this.#restoreGroup(g, e.value, now);
      this.#reg.groups.set(groupId, g);
    }
  }

  #restoreGroup(g: GroupMetadata, v: GroupValue, now: number): void {
    g.protocolType = v.protocolType || null;
    g.generationId = v.generation;
    g.protocolName = v.protocol;
    g.leaderId = v.leader;
    g.currentStateTimestamp = v.currentStateTimestamp >= 0 ? v.currentStateTimestamp : now;
    for (const s of v.members) {
      const protocols = v.protocol ? [{ name: v.protocol, metadata: s.subscription }] : [];
      const m = new MemberMetadata(s.memberId, s.groupInstanceId, s.clientId, s.clientHost,
        s.rebalanceTimeoutMs, s.sessionTimeoutMs, v.protocolType, protocols);
      m.assignment = s.assignment;
      g.add(m);
      this.#membership.engine.touchMember(g, m);
    }
    g.leaderId = v.leader;
    // Loaded straight into its final state, as Kafka's loadGroup does.
    g.state = g.members.size > 0 ? 'Stable' : 'Empty';
  }

  /** Clears every timer and answers pending JoinGroup/SyncGroup long-polls with NOT_COORDINATOR. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelRetention?.();
    this.#cancelRetention = null;
    for (const g of this.#reg.groups.values()) this.#membership.engine.shutdownGroup(g, ErrorCode.NOT_COORDINATOR);
  }

  #scheduleRetention(): void {
    const interval = this.#reg.options.offsetsRetentionCheckIntervalMs;
    this.#cancelRetention = this.#reg.options.setTimer(() => {
      if (this.#closed) return;
      this.#scheduleRetention(); // fixed rate, whatever this round's write takes
      this.#offsets.expireOffsets().catch(() => undefined);
    }, interval);
  }
}
