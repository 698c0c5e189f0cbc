// The rebalance state machine shared by the membership APIs: the join barrier (with
// group.initial.rebalance.delay.ms and the rebalance timeout), generation changes, the sync
// barrier, member removal and session expiry. Follows Kafka's classic GroupCoordinator.
import { ErrorCode } from '../protocol/error-codes.js';
import type { GroupMetadata } from './group-metadata.js';
import type { GroupRegistry } from './group-registry.js';
import type { JoinGroupResponse, SyncGroupResponse } from './group-messages.js';
import type { MemberMetadata } from './member-metadata.js';

const EMPTY = Buffer.alloc(0);

export function joinError(errorCode: number, memberId: string): JoinGroupResponse {
  return {
    throttleTimeMs: 0, errorCode, generationId: -1, protocolType: null, protocolName: null,
    leader: '', skipAssignment: false, memberId, members: [],
  };
}

export function syncError(errorCode: number): SyncGroupResponse {
  return { throttleTimeMs: 0, errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
}

/** The join answer of the current generation: the leader gets every member's metadata. */
export function currentJoinResponse(g: GroupMetadata, member: MemberMetadata): JoinGroupResponse {
  const isLeader = member.memberId === g.leaderId;
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    generationId: g.generationId,
    protocolType: g.protocolType,
    protocolName: g.protocolName,
    leader: g.leaderId ?? '',
    skipAssignment: false,
    memberId: member.memberId,
    members: isLeader
      ? [...g.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata(g.protocolName) }))
      : [],
  };
}

export class RebalanceEngine {
  constructor(private readonly reg: GroupRegistry) {}

  // --- session timers ------------------------------------------------------------------------

  /** (Re)starts the member's session timer: a heartbeat, join or sync proves it is alive. */
  touchMember(g: GroupMetadata, member: MemberMetadata): void {
    member.cancelSessionTimer?.();
    member.cancelSessionTimer = this.reg.options.setTimer(() => this.#onSessionExpired(g, member), member.sessionTimeoutMs);
  }

  #onSessionExpired(g: GroupMetadata, member: MemberMetadata): void {
    member.cancelSessionTimer = null;
    if (g.members.get(member.memberId) !== member) return;
    // A member blocked in a JoinGroup or SyncGroup long-poll cannot heartbeat: keep it.
    if (member.isAwaitingJoin || member.isAwaitingSync) return this.touchMember(g, member);
    this.removeMember(g, member);
  }

  /** A MEMBER_ID_REQUIRED member id that must come back within the session timeout. */
  addPendingMember(g: GroupMetadata, memberId: string, sessionTimeoutMs: number): void {
    g.pendingMembers.get(memberId)?.();
    const cancel = this.reg.options.setTimer(() => {
      if (!g.pendingMembers.has(memberId)) return;
      g.pendingMembers.delete(memberId);
      this.tryCompleteJoin(g);
      this.dropIfUnused(g);
    }, sessionTimeoutMs);
    g.pendingMembers.set(memberId, cancel);
  }

  removePendingMember(g: GroupMetadata, memberId: string): boolean {
    const cancel = g.pendingMembers.get(memberId);
    if (!cancel) return false;
    cancel();
    g.pendingMembers.delete(memberId);
    return true;
  }

  // --- member removal ------------------------------------------------------------------------

  /** Removes a member (leave, session expiry, missed sync) and moves the group on. */
  removeMember(g: GroupMetadata, member: MemberMetadata): void {
    this.#detach(g, member, ErrorCode.UNKNOWN_MEMBER_ID);
    switch (g.state) {
      case 'PreparingRebalance': this.tryCompleteJoin(g); break;
      case 'Stable': case 'CompletingRebalance': this.prepareRebalance(g); break;
      default: break;
    }
  }

  #detach(g: GroupMetadata, member: MemberMetadata, errorCode: number): void {
    member.cancelSessionTimer?.();
    member.cancelSessionTimer = null;
    const join = member.awaitingJoin, sync = member.awaitingSync;
    g.remove(member.memberId);
    member.awaitingJoin = null;
    member.awaitingSync = null;
    join?.(joinError(errorCode, member.memberId));
    sync?.(syncError(errorCode));
  }

  // --- the join barrier ----------------------------------------------------------------------

  /** Starts a rebalance unless one is already preparing. */
  maybePrepareRebalance(g: GroupMetadata): void {
    if (g.is('Stable') || g.is('CompletingRebalance') || g.is('Empty')) this.prepareRebalance(g);
  }

  prepareRebalance(g: GroupMetadata): void {
    if (g.is('CompletingRebalance')) this.#resetAndPropagateAssignmentError(g, ErrorCode.REBALANCE_IN_PROGRESS);
    g.cancelSyncTimer?.();
    g.cancelSyncTimer = null;
    g.pendingSyncMembers.clear();
    const initialDelay = this.reg.options.groupInitialRebalanceDelayMs;
    const useInitialDelay = g.is('Empty') && initialDelay > 0;
    g.transitionTo('PreparingRebalance', this.reg.now());
    g.cancelJoinTimer?.();
    if (useInitialDelay) {
      g.newMemberAdded = false;
      g.initialDelayActive = true;
      const delay = initialDelay;
      this.#scheduleInitialDelay(g, delay, Math.max(g.rebalanceTimeoutMs() - delay, 0));
    } else {
      g.initialDelayActive = false;
      g.cancelJoinTimer = this.reg.options.setTimer(() => this.completeJoin(g), g.rebalanceTimeoutMs());
      this.tryCompleteJoin(g);
    }
  }

  // Kafka's InitialDelayedJoin: while new members keep arriving, wait another delay, up to
  // the rebalance timeout in total.
  #scheduleInitialDelay(g: GroupMetadata, delayMs: number, remainingMs: number): void {
    g.cancelJoinTimer = this.reg.options.setTimer(() => {
      g.cancelJoinTimer = null;
      if (g.newMemberAdded && remainingMs > 0) {
        g.newMemberAdded = false;
        const next = Math.min(this.reg.options.groupInitialRebalanceDelayMs, remainingMs);
        this.#scheduleInitialDelay(g, next, Math.max(remainingMs - next, 0));
      } else {
        g.initialDelayActive = false;
        this.completeJoin(g);
      }
    }, delayMs);
  }

  tryCompleteJoin(g: GroupMetadata): void {
    if (g.is('PreparingRebalance') && !g.initialDelayActive && g.hasAllMembersJoined()) this.completeJoin(g);
  }

  /** The join barrier ends: drop members that did not rejoin, start the next generation. */
  completeJoin(g: GroupMetadata): void {
    g.cancelJoinTimer?.();
    g.cancelJoinTimer = null;
    g.initialDelayActive = false;
    if (!g.is('PreparingRebalance')) return;
    // Static members that did not rejoin stay until their session expires (KIP-345).
    for (const m of g.notYetRejoinedMembers()) if (!m.isStatic) this.#detach(g, m, ErrorCode.UNKNOWN_MEMBER_ID);
    if (g.members.size > 0 && !this.#electJoinedLeader(g)) {
      // Only static members that have not rejoined are left: wait another rebalance timeout
      // (their sessions expire meanwhile), as Kafka does.
      g.cancelJoinTimer = this.reg.options.setTimer(() => this.completeJoin(g), g.rebalanceTimeoutMs());
      return;
    }
    g.generationId++;
    if (g.members.size === 0) {
      g.protocolName = null;
      g.leaderId = null;
      g.transitionTo('Empty', this.reg.now());
      this.reg.persist([this.reg.groupRecord(g)]).catch(() => undefined);
      this.dropIfUnused(g);
      return;
    }
    g.protocolName = g.selectProtocol();
    g.transitionTo('CompletingRebalance', this.reg.now());
    const generation = g.generationId;
    for (const m of g.members.values()) {
      g.pendingSyncMembers.add(m.memberId);
      const join = m.awaitingJoin;
      m.awaitingJoin = null;
      m.isNew = false;
      join?.(currentJoinResponse(g, m));
      this.touchMember(g, m);
    }
    g.numMembersAwaitingJoin = 0;
    // Members that never send SyncGroup are removed after the rebalance timeout (Kafka 3.x).
    g.cancelSyncTimer = this.reg.options.setTimer(() => this.#onSyncTimeout(g, generation), g.rebalanceTimeoutMs());
  }

  /** The leader must be a member that rejoined; otherwise pick one that did. */
  #electJoinedLeader(g: GroupMetadata): boolean {
    if (g.leaderId !== null && g.members.get(g.leaderId)?.isAwaitingJoin) return true;
    for (const m of g.members.values()) {
      if (m.isAwaitingJoin) { g.leaderId = m.memberId; return true; }
    }
    return false;
  }

  #onSyncTimeout(g: GroupMetadata, generation: number): void {
    g.cancelSyncTimer = null;
    if (g.generationId !== generation || !(g.is('CompletingRebalance') || g.is('Stable'))) return;
    if (g.pendingSyncMembers.size === 0) return;
    for (const id of [...g.pendingSyncMembers]) {
      const m = g.members.get(id);
      if (m) this.#detach(g, m, ErrorCode.UNKNOWN_MEMBER_ID);
    }
    this.prepareRebalance(g);
  }

  // --- the sync barrier ----------------------------------------------------------------------

  /** The leader's assignment is stored: every member gets its own bytes, the group is Stable. */
  setAndPropagateAssignment(g: GroupMetadata, assignments: Map<string, Buffer>): void {
    g.transitionTo('Stable', this.reg.now());
    for (const m of g.members.values()) {
      m.assignment = assignments.get(m.memberId) ?? EMPTY;
      const sync = m.awaitingSync;
      m.awaitingSync = null;
      if (sync) {
        sync({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, protocolType: g.protocolType, protocolName: g.protocolName, assignment: m.assignment });
        this.touchMember(g, m);
      }
    }
  }

  #resetAndPropagateAssignmentError(g: GroupMetadata, errorCode: number): void {
    for (const m of g.members.values()) {
      m.assignment = EMPTY;
      const sync = m.awaitingSync;
      m.awaitingSync = null;
      sync?.(syncError(errorCode));
    }
  }

  /** Store failure while syncing: answer everyone and start over. */
  failSync(g: GroupMetadata, errorCode: number): void {
    this.#resetAndPropagateAssignmentError(g, errorCode);
    this.prepareRebalance(g);
  }

  // --- lifecycle -----------------------------------------------------------------------------

  /** An Empty group with no members, pending joins or offsets, never generation-bumped, goes away. */
  dropIfUnused(g: GroupMetadata): void {
    if (g.is('Empty') && g.members.size === 0 && g.pendingMembers.size === 0 && !g.hasOffsets() && g.generationId === 0) {
      if (this.reg.groups.get(g.groupId) === g) this.reg.groups.delete(g.groupId);
    }
  }

  /** Cancels every timer of the group and answers its pending long-polls with `errorCode`. */
  shutdownGroup(g: GroupMetadata, errorCode: number): void {
    g.cancelJoinTimer?.();
    g.cancelJoinTimer = null;
    g.cancelSyncTimer?.();
    g.cancelSyncTimer = null;
    for (const cancel of g.pendingMembers.values()) cancel();
    g.pendingMembers.clear();
    for (const m of g.members.values()) {
      m.cancelSessionTimer?.();
      m.cancelSessionTimer = null;
      const join = m.awaitingJoin, sync = m.awaitingSync;
      m.awaitingJoin = null;
      m.awaitingSync = null;
      join?.(joinError(errorCode, m.memberId));
      sync?.(syncError(errorCode));
    }
    g.numMembersAwaitingJoin = 0;
  }
}
