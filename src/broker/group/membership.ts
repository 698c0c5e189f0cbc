// JoinGroup / SyncGroup / Heartbeat / LeaveGroup handling (classic group protocol, any
// protocol type: `consumer`, `connect`, ...). The state machine lives in RebalanceEngine.
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes.js';
import type { GroupMetadata } from './group-metadata.js';
import type { GroupRegistry } from './group-registry.js';
import type {
  HeartbeatRequest, HeartbeatResponse, JoinGroupRequest, JoinGroupResponse, LeaveGroupRequest,
  LeaveGroupResponse, ProtocolEntry, RequestContext, SyncGroupRequest, SyncGroupResponse,
} from './group-messages.js';
import { MemberMetadata } from './member-metadata.js';
import { RebalanceEngine, currentJoinResponse, joinError, syncError } from './rebalance-engine.js';

const EMPTY = Buffer.alloc(0);

interface JoinParams {
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: ProtocolEntry[];
  version: number;
}

/** JoinGroup v0-6 has a non-nullable protocol name; v7+ adds the (nullable) protocol type. */
function shapeJoin(r: JoinGroupResponse, version: number): JoinGroupResponse {
  if (version < 7) return { ...r, protocolName: r.protocolName ?? '', protocolType: r.protocolType ?? '' };
  return r;
}

export class Membership {
  readonly engine: RebalanceEngine;

  constructor(private readonly reg: GroupRegistry) {
    this.engine = new RebalanceEngine(reg);
  }

  // --- JoinGroup -----------------------------------------------------------------------------

  async joinGroup(req: JoinGroupRequest, version: number, ctx: RequestContext = {}): Promise<JoinGroupResponse> {
    return shapeJoin(await this.#join(req, version, ctx), version);
  }

  #join(req: JoinGroupRequest, version: number, ctx: RequestContext): Promise<JoinGroupResponse> | JoinGroupResponse {
    const o = this.reg.options;
    const memberId = req.memberId ?? '';
    const rebalance = version >= 1 && (req.rebalanceTimeoutMs ?? -1) > 0 ? req.rebalanceTimeoutMs! : req.sessionTimeoutMs;
    const p: JoinParams = {
      groupInstanceId: version >= 5 ? req.groupInstanceId ?? null : null,
      clientId: ctx.clientId ?? '',
      clientHost: ctx.clientHost ?? '',
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: rebalance,
      protocolType: req.protocolType ?? '',
      protocols: (req.protocols ?? []).map((x) => ({ name: x.name, metadata: x.metadata ?? EMPTY })),
      version,
    };
    if (!req.groupId) return joinError(ErrorCode.INVALID_GROUP_ID, memberId);
    if (p.sessionTimeoutMs < o.minSessionTimeoutMs || p.sessionTimeoutMs > o.maxSessionTimeoutMs) {
      return joinError(ErrorCode.INVALID_SESSION_TIMEOUT, memberId);
    }
    let g = this.reg.get(req.groupId);
    if (!g) {
      if (memberId !== '') return joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId);
      g = this.reg.getOrCreate(req.groupId);
    }
    if (g.is('Dead')) return joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, memberId);
    if (!g.supportsProtocols(p.protocolType, p.protocols)) {
      this.engine.dropIfUnused(g);
      return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId);
    }
    const group = g;
    return new Promise<JoinGroupResponse>((resolve) => {
      if (memberId === '') this.#unknownMemberJoin(group, p, resolve);
      else this.#knownMemberJoin(group, memberId, p, resolve);
      // Kafka: after every join, see whether the barrier can complete now.
      this.engine.tryCompleteJoin(group);
    });
  }

  #unknownMemberJoin(g: GroupMetadata, p: JoinParams, respond: (r: JoinGroupResponse) => void): void {
    const newMemberId = `${p.groupInstanceId ?? p.clientId}-${randomUUID()}`;
    if (p.groupInstanceId !== null) {
      const oldId = g.staticMembers.get(p.groupInstanceId);
      const old = oldId === undefined ? undefined : g.members.get(oldId);
      if (old) this.#replaceStaticMember(g, old, newMemberId, p, respond);
      else this.#addMemberAndRebalance(g, newMemberId, p, respond);
    } else if (p.version >= 4) {
      // KIP-394: hand out the id first; the member must rejoin with it.
      this.engine.addPendingMember(g, newMemberId, p.sessionTimeoutMs);
      respond(joinError(ErrorCode.MEMBER_ID_REQUIRED, newMemberId));
    } else {
      this.#addMemberAndRebalance(g, newMemberId, p, respond);
    }
  }

  #knownMemberJoin(g: GroupMetadata, memberId: string, p: JoinParams, respond: (r: JoinGroupResponse) => void): void {
    if (this.engine.removePendingMember(g, memberId)) {
      if (p.groupInstanceId !== null) return respond(joinError(ErrorCode.INVALID_REQUEST, memberId));
      return this.#addMemberAndRebalance(g, memberId, p, respond);
    }
    const member = g.members.get(memberId);
    if (p.groupInstanceId !== null && g.staticMembers.get(p.groupInstanceId) !== undefined
      && g.staticMembers.get(p.groupInstanceId) !== memberId) {
      return respond(joinError(ErrorCode.FENCED_INSTANCE_ID, memberId));
    }
    if (!member) return respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
    member.clientId = p.clientId;
    member.clientHost = p.clientHost;
    switch (g.state) {
      case 'PreparingRebalance':
        return this.#updateMemberAndRebalance(g, member, p, respond);
      case 'CompletingRebalance':
        if (member.matches(p.protocols)) {
          this.engine.touchMember(g, member);
          return respond(currentJoinResponse(g, member));
        }
        return this.#updateMemberAndRebalance(g, member, p, respond);
      case 'Stable':
        // A follower rejoining with unchanged metadata just gets the current generation.
        if (member.memberId !== g.leaderId && member.matches(p.protocols)) {
          this.engine.touchMember(g, member);
          return respond(currentJoinResponse(g, member));
        }
        return this.#updateMemberAndRebalance(g, member, p, respond);
      default:
        return respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
    }
  }

  #addMemberAndRebalance(g: GroupMetadata, memberId: string, p: JoinParams, respond: (r: JoinGroupResponse) => void): void {
    const m = new MemberMetadata(memberId, p.groupInstanceId, p.clientId, p.clientHost, p.rebalanceTimeoutMs,
      p.sessionTimeoutMs, p.protocolType, p.protocols);
    m.isNew = true;
    m.awaitingJoin = respond;
    if (g.is('PreparingRebalance') && g.generationId === 0) g.newMemberAdded = true;
    g.add(m);
    this.engine.touchMember(g, m);
    this.engine.maybePrepareRebalance(g);
  }

  #updateMemberAndRebalance(g: GroupMetadata, m: MemberMetadata, p: JoinParams, respond: (r: JoinGroupResponse) => void): void {
    const previous = m.awaitingJoin;
    if (previous) previous(joinError(ErrorCode.REBALANCE_IN_PROGRESS, m.memberId)); // superseded by this join
    else g.numMembersAwaitingJoin++;
    m.protocols = p.protocols;
    m.rebalanceTimeoutMs = p.rebalanceTimeoutMs;
    m.sessionTimeoutMs = p.sessionTimeoutMs;
    m.awaitingJoin = respond;
    this.engine.touchMember(g, m);
    this.engine.maybePrepareRebalance(g);
  }

  // KIP-345: a static member restarting (unknown member id, known instance id) takes over the
  // old member. In a Stable group with unchanged metadata it keeps its assignment, no rebalance.
  #replaceStaticMember(g: GroupMetadata, old: MemberMetadata, newMemberId: string, p: JoinParams, respond: (r: JoinGroupResponse) => void): void {
    const oldLeader = g.leaderId;
    old.cancelSessionTimer?.();
    old.cancelSessionTimer = null;
    const oldJoin = old.awaitingJoin, oldSync = old.awaitingSync;
    old.awaitingJoin = null;
    old.awaitingSync = null;
    if (oldJoin) g.numMembersAwaitingJoin--;
    oldJoin?.(joinError(ErrorCode.FENCED_INSTANCE_ID, old.memberId));
    oldSync?.(syncError(ErrorCode.FENCED_INSTANCE_ID));
    const next = new MemberMetadata(newMemberId, p.groupInstanceId, p.clientId, p.clientHost, p.rebalanceTimeoutMs,
      p.sessionTimeoutMs, p.protocolType, old.protocols);
    next.assignment = old.assignment;
    g.replace(old, next);
    this.engine.touchMember(g, next);
    if (g.is('Stable') && old.matches(p.protocols)) {
      const generation = g.generationId;
      this.reg.persist([this.reg.groupRecord(g)]).then(
        () => respond({
          ...currentJoinResponse(g, next),
          generationId: generation,
          // The old leader id: the new incarnation must not run a (pointless) assignment.
          leader: oldLeader ?? '',
          members: [],
        }),
        () => respond(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, newMemberId)),
      );
      return;
    }
    this.#updateMemberAndRebalance(g, next, p, respond);
  }

  // --- SyncGroup -----------------------------------------------------------------------------

  syncGroup(req: SyncGroupRequest, version: number): Promise<SyncGroupResponse> {
    const g = this.reg.get(req.groupId);
    if (!g) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (g.is('Dead')) return Promise.resolve(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
    const instanceId = version >= 3 ? req.groupInstanceId ?? null : null;
    if (this.#isFenced(g, req.memberId, instanceId)) return Promise.resolve(syncError(ErrorCode.FENCED_INSTANCE_ID));
    const member = g.members.get(req.memberId);
    if (!member) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (req.generationId !== g.generationId) return Promise.resolve(syncError(ErrorCode.ILLEGAL_GENERATION));
    if (version >= 5 && ((req.protocolType != null && req.protocolType !== g.protocolType)
      || (req.protocolName != null && req.protocolName !== g.protocolName))) {
      return Promise.resolve(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    switch (g.state) {
      case 'PreparingRebalance':
        return Promise.resolve(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      case 'Stable':
        g.pendingSyncMembers.delete(member.memberId);
        this.engine.touchMember(g, member);
        return Promise.resolve({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, protocolType: g.protocolType, protocolName: g.protocolName, assignment: member.assignment });
      case 'CompletingRebalance':
        return new Promise((resolve) => this.#awaitSync(g, member, req, resolve));
      default:
        return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  #awaitSync(g: GroupMetadata, member: MemberMetadata, req: SyncGroupRequest, respond: (r: SyncGroupResponse) => void): void {
    member.awaitingSync?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS)); // superseded
    member.awaitingSync = respond;
    g.pendingSyncMembers.delete(member.memberId);
    this.engine.touchMember(g, member);
    if (member.memberId !== g.leaderId) return;
    const assignments = new Map<string, Buffer>();
    for (const a of req.assignments ?? []) assignments.set(a.memberId, a.assignment ?? EMPTY);
    const generation = g.generationId;
    const stillCurrent = () => g.is('CompletingRebalance') && g.generationId === generation;
    this.reg.persist([this.reg.groupRecord(g, assignments)]).then(
      () => { if (stillCurrent()) this.engine.setAndPropagateAssignment(g, assignments); },
      () => { if (stillCurrent()) this.engine.failSync(g, ErrorCode.COORDINATOR_NOT_AVAILABLE); },
    );
  }

  // --- Heartbeat -----------------------------------------------------------------------------

  heartbeat(req: HeartbeatRequest, version: number): HeartbeatResponse {
    const answer = (errorCode: number): HeartbeatResponse => ({ throttleTimeMs: 0, errorCode });
    const g = this.reg.get(req.groupId);
    if (!g) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
    if (g.is('Dead')) return answer(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (g.is('Empty')) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
    const instanceId = version >= 3 ? req.groupInstanceId ?? null : null;
    if (this.#isFenced(g, req.memberId, instanceId)) return answer(ErrorCode.FENCED_INSTANCE_ID);
    const member = g.members.get(req.memberId);
    if (!member) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
    if (req.generationId !== g.generationId) return answer(ErrorCode.ILLEGAL_GENERATION);
    this.engine.touchMember(g, member);
    // During a rebalance the heartbeat tells the member to rejoin.
    return answer(g.is('PreparingRebalance') ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE);
  }

  // --- LeaveGroup ----------------------------------------------------------------------------

  leaveGroup(req: LeaveGroupRequest, version: number): LeaveGroupResponse {
    const leaving = version >= 3
      ? (req.members ?? []).map((m) => ({ memberId: m.memberId ?? '', groupInstanceId: m.groupInstanceId ?? null }))
      : [{ memberId: req.memberId ?? '', groupInstanceId: null as string | null }];
    const g = this.reg.get(req.groupId);
    let topError: number = ErrorCode.NONE;
    let results: LeaveGroupResponse['members'];
    if (g && g.is('Dead')) {
      topError = ErrorCode.COORDINATOR_NOT_AVAILABLE;
      results = [];
    } else {
      results = leaving.map((l) => ({ ...l, errorCode: g ? this.#leaveOne(g, l.memberId, l.groupInstanceId) : ErrorCode.UNKNOWN_MEMBER_ID }));
    }
    // v0-2 carry only the top-level code: the single member's outcome.
    if (version < 3 && topError === ErrorCode.NONE) topError = results[0]?.errorCode ?? ErrorCode.NONE;
    return { throttleTimeMs: 0, errorCode: topError, members: results };
  }

  #leaveOne(g: GroupMetadata, memberId: string, instanceId: string | null): number {
    if (instanceId === null) {
      if (this.engine.removePendingMember(g, memberId)) {
        this.engine.tryCompleteJoin(g);
        this.engine.dropIfUnused(g);
        return ErrorCode.NONE;
      }
      const m = g.members.get(memberId);
      if (!m) return ErrorCode.UNKNOWN_MEMBER_ID;
      this.engine.removeMember(g, m);
      return ErrorCode.NONE;
    }
    const mapped = g.staticMembers.get(instanceId);
    if (mapped === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (memberId !== '' && memberId !== mapped) return ErrorCode.FENCED_INSTANCE_ID;
    const m = g.members.get(mapped);
    if (m) this.engine.removeMember(g, m);
    return ErrorCode.NONE;
  }

  /** A request naming a static instance whose current member id is another one (KIP-345). */
  #isFenced(g: GroupMetadata, memberId: string, instanceId: string | null): boolean {
    if (instanceId === null) return false;
    const mapped = g.staticMembers.get(instanceId);
    return mapped !== undefined && mapped !== memberId;
  }

  /** Shared with OffsetCommit / TxnOffsetCommit validation. */
  isFencedInstance(g: GroupMetadata, memberId: string, instanceId: string | null): boolean {
    return this.#isFenced(g, memberId, instanceId);
  }
}
