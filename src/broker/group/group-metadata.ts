// In-memory state of one group: membership, generation, selected protocol and committed offsets.
import type { ProtocolEntry } from './group-messages.js';
import type { MemberMetadata } from './member-metadata.js';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export const GROUP_STATES: readonly GroupState[] = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'];

// Kafka's allowed previous states per target state.
const VALID_PREVIOUS: Record<GroupState, readonly GroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
  expireTimestamp: number | null;
  /** Order of the write in the store: a later write wins when a txn commit lands. */
  seq: number;
}

export class GroupMetadata {
  state: GroupState = 'Empty';
  currentStateTimestamp: number;
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, MemberMetadata>();
  /** groupInstanceId → memberId of static members. */
  readonly staticMembers = new Map<string, string>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, expected to rejoin (→ their session timers). */
  readonly pendingMembers = new Map<string, () => void>();
  /** Members that joined the current generation but have not sent SyncGroup yet. */
  readonly pendingSyncMembers = new Set<string>();
  numMembersAwaitingJoin = 0;
  /** A member joined during the initial delayed join: extend the delay once more. */
  newMemberAdded = false;
  cancelJoinTimer: (() => void) | null = null;
  /** The join barrier is in group.initial.rebalance.delay.ms: only its timer may complete it. */
  initialDelayActive = false;
  cancelSyncTimer: (() => void) | null = null;
  /** topic → partition → committed offset. */
  readonly offsets = new Map<string, Map<number, CommittedOffset>>();
  /** producerId → topic → partition → pending transactional offset. */
  readonly pendingTxnOffsets = new Map<number, Map<string, Map<number, CommittedOffset>>>();

  constructor(readonly groupId: string, now: number) {
    this.currentStateTimestamp = now;
  }

  is(state: GroupState): boolean { return this.state === state; }

  transitionTo(state: GroupState, now: number): void {
    if (!VALID_PREVIOUS[state].includes(this.state)) {
      throw new Error(`group ${this.groupId}: illegal transition ${this.state} -> ${state}`);
    }
    this.state = state;
    this.currentStateTimestamp = now;
  }

  has(memberId: string): boolean { return this.members.has(memberId); }

  add(member: MemberMetadata): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.leaderId === null) this.leaderId = member.memberId;
    if (member.isAwaitingJoin) this.numMembersAwaitingJoin++;
  }

  remove(memberId: string): MemberMetadata | undefined {
    const member = this.members.get(memberId);
    if (!member) return undefined;
    this.members.delete(memberId);
    if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
      this.staticMembers.delete(member.groupInstanceId);
    }
    if (member.isAwaitingJoin) this.numMembersAwaitingJoin--;
    this.pendingSyncMembers.delete(memberId);
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
    return member;
  }

  /** Puts `next` in place of `old` (static member rejoining with a new member id). */
  replace(old: MemberMetadata, next: MemberMetadata): void {
    const entries = [...this.members.entries()].map(([id, m]) => (id === old.memberId ? [next.memberId, next] as const : [id, m] as const));
    this.members.clear();
    for (const [id, m] of entries) this.members.set(id, m);
    if (old.isAwaitingJoin) this.numMembersAwaitingJoin--;
    if (next.isAwaitingJoin) this.numMembersAwaitingJoin++;
    if (next.groupInstanceId !== null) this.staticMembers.set(next.groupInstanceId, next.memberId);
    if (this.leaderId === old.memberId) this.leaderId = next.memberId;
    if (this.pendingSyncMembers.delete(old.memberId)) this.pendingSyncMembers.add(next.memberId);
  }

  /** Kafka: every known member has rejoined and no MEMBER_ID_REQUIRED member is outstanding. */
  hasAllMembersJoined(): boolean {
    return this.members.size === this.numMembersAwaitingJoin && this.pendingMembers.size === 0;
  }

  notYetRejoinedMembers(): MemberMetadata[] {
    return [...this.members.values()].filter((m) => !m.isAwaitingJoin);
  }

  /** Largest rebalance timeout of the members: how long the join barrier may wait. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  /** Protocols every member supports. */
  candidateProtocols(): Set<string> {
    const all = [...this.members.values()];
    if (all.length === 0) return new Set();
    const result = new Set(all[0]!.protocolNames());
    for (const m of all.slice(1)) {
      const names = new Set(m.protocolNames());
      for (const n of result) if (!names.has(n)) result.delete(n);
    }
    return result;
  }

  /** Whether a member with this protocol type and protocols may (re)join. */
  supportsProtocols(protocolType: string, protocols: ProtocolEntry[]): boolean {
    if (this.is('Empty') || this.members.size === 0) return protocolType.length > 0 && protocols.length > 0;
    if (this.protocolType !== protocolType) return false;
    const candidates = this.candidateProtocols();
    return protocols.some((p) => candidates.has(p.name));
  }

  /** Kafka's rule: each member votes for its most preferred candidate; the most votes wins. */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const v = m.vote(candidates);
      if (v !== undefined) votes.set(v, (votes.get(v) ?? 0) + 1);
    }
    let best: string | undefined;
    let bestVotes = -1;
    // Ties go to the protocol listed first by the leader (deterministic).
    const order = this.members.get(this.leaderId ?? '')?.protocolNames() ?? [...candidates];
    for (const name of order) {
      const n = votes.get(name) ?? 0;
      if (candidates.has(name) && n > bestVotes) { best = name; bestVotes = n; }
    }
    if (best === undefined) throw new Error(`group ${this.groupId}: no protocol supported by all members`);
    return best;
  }

  // --- offsets -------------------------------------------------------------------------------

  offset(topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(topic)?.get(partition);
  }

  setOffset(topic: string, partition: number, value: CommittedOffset): void {
    let t = this.offsets.get(topic);
    if (!t) this.offsets.set(topic, (t = new Map()));
    t.set(partition, value);
  }

  deleteOffset(topic: string, partition: number): void {
    const t = this.offsets.get(topic);
    if (!t) return;
    t.delete(partition);
    if (t.size === 0) this.offsets.delete(topic);
  }

  hasOffsets(): boolean { return this.offsets.size > 0 || this.pendingTxnOffsets.size > 0; }

  hasPendingTxnOffset(topic: string, partition: number): boolean {
    for (const byTopic of this.pendingTxnOffsets.values()) {
      if (byTopic.get(topic)?.has(partition)) return true;
    }
    return false;
  }
}
