// Committed offsets: OffsetCommit, OffsetFetch, TxnOffsetCommit (pending per producer id until
// the transaction completes) and retention. Offsets become visible only once stored.
import { ErrorCode } from '../protocol/error-codes.js';
import type { CommittedOffset, GroupMetadata } from './group-metadata.js';
import type { GroupRegistry } from './group-registry.js';
import type {
  FetchTopic, FetchedPartition, FetchedTopic, OffsetCommitRequest, OffsetCommitResponse,
  OffsetFetchRequest, OffsetFetchResponse, TxnOffsetCommitRequest, TxnOffsetCommitResponse,
} from './group-messages.js';
import type { Membership } from './membership.js';
import type { OffsetStoreRecord } from './offset-store.js';

type Topics = OffsetCommitRequest['topics'];
type Validated = Array<{ topic: string; partition: number; errorCode: number; value: CommittedOffset | null }>;

function answer(rows: Validated): OffsetCommitResponse {
  const topics: OffsetCommitResponse['topics'] = [];
  for (const r of rows) {
    let t = topics[topics.length - 1];
    if (!t || t.name !== r.topic) topics.push((t = { name: r.topic, partitions: [] }));
    t.partitions.push({ partitionIndex: r.partition, errorCode: r.errorCode });
  }
  return { throttleTimeMs: 0, topics };
}

function noOffset(partitionIndex: number, errorCode: number = ErrorCode.NONE): FetchedPartition {
  return { partitionIndex, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode };
}

export class OffsetManager {
  /** producerId → groups holding pending transactional offsets of that producer. */
  readonly #txnGroups = new Map<number, Set<string>>();

  constructor(private readonly reg: GroupRegistry, private readonly membership: Membership) {}

  // --- OffsetCommit --------------------------------------------------------------------------

  async offsetCommit(req: OffsetCommitRequest, version: number): Promise<OffsetCommitResponse> {
    const generationId = version >= 1 ? req.generationIdOrMemberEpoch ?? req.generationId ?? -1 : -1;
    const memberId = version >= 1 ? req.memberId ?? '' : '';
    const instanceId = version >= 7 ? req.groupInstanceId ?? null : null;
    const topics = req.topics ?? [];
    if (!req.groupId) return answer(this.#all(topics, ErrorCode.INVALID_GROUP_ID));
    let g = this.reg.get(req.groupId);
    if (!g) {
      // Kafka: a group that only stores offsets (standalone consumer, generation -1).
      if (generationId >= 0) return answer(this.#all(topics, ErrorCode.ILLEGAL_GENERATION));
      g = this.reg.getOrCreate(req.groupId);
    }
    const groupError = this.#validateCommit(g, generationId, memberId, instanceId);
    if (groupError !== ErrorCode.NONE) {
      this.membership.engine.dropIfUnused(g);
      return answer(this.#all(topics, groupError));
    }
    const now = this.reg.now();
    const expireTimestamp = version >= 2 && version <= 4 && req.retentionTimeMs !== undefined && req.retentionTimeMs !== -1
      ? now + req.retentionTimeMs : null;
    const rows = this.#validatePartitions(topics, version, (p) => ({
      offset: p.committedOffset,
      leaderEpoch: version >= 6 ? p.committedLeaderEpoch ?? -1 : -1,
      metadata: p.committedMetadata ?? '',
      commitTimestamp: version === 1 && p.commitTimestamp !== undefined && p.commitTimestamp !== -1 ? p.commitTimestamp : now,
      expireTimestamp,
      seq: this.reg.nextSeq(),
    }));
    const group = g;
    const records = rows.filter((r) => r.value).map((r) => this.reg.offsetRecord(group.groupId, r.topic, r.partition, r.value));
    try {
      await this.reg.persist(records);
    } catch {
      for (const r of rows) if (r.value) { r.errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE; r.value = null; }
    }
    for (const r of rows) if (r.value) group.setOffset(r.topic, r.partition, r.value);
    this.membership.engine.dropIfUnused(group);
    return answer(rows);
  }

  #validateCommit(g: GroupMetadata, generationId: number, memberId: string, instanceId: string | null): number {
    if (g.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (this.membership.isFencedInstance(g, memberId, instanceId)) return ErrorCode.FENCED_INSTANCE_ID;
    if (generationId < 0 && g.is('Empty')) return ErrorCode.NONE; // simple (non-member) commit
    if (g.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = g.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== g.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.membership.engine.touchMember(g, member);
    return ErrorCode.NONE;
  }

  #all(topics: Topics, errorCode: number): Validated {
    return topics.flatMap((t) => (t.partitions ?? []).map((p) => ({ topic: t.name, partition: p.partitionIndex, errorCode, value: null })));
  }

  #validatePartitions(topics: Topics, _version: number, build: (p: Topics[number]['partitions'][number]) => CommittedOffset): Validated {
    const o = this.reg.options;
    const rows: Validated = [];
    for (const t of topics) {
      for (const p of t.partitions ?? []) {
        let errorCode: number = ErrorCode.NONE;
        if (o.partitionExists && !o.partitionExists(t.name, p.partitionIndex)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (Buffer.byteLength(p.committedMetadata ?? '', 'utf8') > o.offsetMetadataMaxBytes) errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        rows.push({ topic: t.name, partition: p.partitionIndex, errorCode, value: errorCode === ErrorCode.NONE ? build(p) : null });
      }
    }
    return rows;
  }

  // --- TxnOffsetCommit -----------------------------------------------------------------------

  /** Stages offsets of a transaction; they become visible on completeTransaction(pid, true). */
  async txnOffsetCommit(req: TxnOffsetCommitRequest, version: number): Promise<TxnOffsetCommitResponse> {
    const generationId = version >= 3 ? req.generationId ?? -1 : -1;
    const memberId = version >= 3 ? req.memberId ?? '' : '';
    const instanceId = version >= 3 ? req.groupInstanceId ?? null : null;
    const topics = req.topics ?? [];
    if (!req.groupId) return answer(this.#all(topics, ErrorCode.INVALID_GROUP_ID));
    const g = this.reg.getOrCreate(req.groupId);
    let groupError: number = ErrorCode.NONE;
    if (g.is('Dead')) groupError = ErrorCode.COORDINATOR_NOT_AVAILABLE;
    else if (this.membership.isFencedInstance(g, memberId, instanceId)) groupError = ErrorCode.FENCED_INSTANCE_ID;
    else if (memberId !== '' && !g.has(memberId)) groupError = ErrorCode.UNKNOWN_MEMBER_ID;
    else if (generationId >= 0 && generationId !== g.generationId) groupError = ErrorCode.ILLEGAL_GENERATION;
    if (groupError !== ErrorCode.NONE) {
      this.membership.engine.dropIfUnused(g);
      return answer(this.#all(topics, groupError));
    }
    const now = this.reg.now();
    const rows = this.#validatePartitions(topics, version, (p) => ({
      offset: p.committedOffset,
      leaderEpoch: version >= 2 ? p.committedLeaderEpoch ?? -1 : -1,
      metadata: p.committedMetadata ?? '',
      commitTimestamp: now,
      expireTimestamp: null,
      seq: this.reg.nextSeq(),
    }));
    const pid = Number(req.producerId);
    let byTopic = g.pendingTxnOffsets.get(pid);
    for (const r of rows) {
      if (!r.value) continue;
      if (!byTopic) g.pendingTxnOffsets.set(pid, (byTopic = new Map()));
      let parts = byTopic.get(r.topic);
      if (!parts) byTopic.set(r.topic, (parts = new Map()));
      parts.set(r.partition, r.value);
    }
    if (byTopic) {
      let groups = this.#txnGroups.get(pid);
      if (!groups) this.#txnGroups.set(pid, (groups = new Set()));
      groups.add(g.groupId);
    }
    this.membership.engine.dropIfUnused(g);
    return answer(rows);
  }

  /**
   * Called by the transaction coordinator after the COMMIT/ABORT markers are written: makes the
   * producer's pending offsets visible (and durable) on commit, drops them on abort.
   */
  async completeTransaction(producerId: number, commit: boolean): Promise<void> {
    const groupIds = this.#txnGroups.get(producerId);
    this.#txnGroups.delete(producerId);
    if (!groupIds) return;
    const records: OffsetStoreRecord[] = [];
    const apply: Array<() => void> = [];
    for (const groupId of groupIds) {
      const g = this.reg.get(groupId);
      const pending = g?.pendingTxnOffsets.get(producerId);
      if (!g || !pending) continue;
      g.pendingTxnOffsets.delete(producerId);
      if (!commit) { this.membership.engine.dropIfUnused(g); continue; }
      for (const [topic, parts] of pending) {
        for (const [partition, o] of parts) {
          const current = g.offset(topic, partition);
          if (current && current.seq > o.seq) continue; // a later plain commit wins, as in Kafka
          records.push(this.reg.offsetRecord(groupId, topic, partition, o));
          apply.push(() => g.setOffset(topic, partition, o));
        }
      }
    }
    // The transaction is committed either way; a failed write is reported to the caller.
    try {
      await this.reg.persist(records);
    } finally {
      for (const f of apply) f();
    }
  }

  // --- OffsetFetch ---------------------------------------------------------------------------

  offsetFetch(req: OffsetFetchRequest, version: number): OffsetFetchResponse {
    const requireStable = version >= 7 && req.requireStable === true;
    if (version >= 8) {
      const groups = (req.groups ?? []).map((x) => ({
        groupId: x.groupId, topics: this.#fetchGroup(x.groupId, x.topics ?? null, requireStable), errorCode: ErrorCode.NONE,
      }));
      return { throttleTimeMs: 0, topics: [], errorCode: ErrorCode.NONE, groups };
    }
    const topics = version < 2 ? req.topics ?? [] : req.topics ?? null;
    return { throttleTimeMs: 0, topics: this.#fetchGroup(req.groupId ?? '', topics, requireStable), errorCode: ErrorCode.NONE, groups: [] };
  }

  #fetchGroup(groupId: string, topics: FetchTopic[] | null, requireStable: boolean): FetchedTopic[] {
    const g = this.reg.get(groupId);
    const one = (topic: string, partition: number): FetchedPartition => {
      if (requireStable && g?.hasPendingTxnOffset(topic, partition)) return noOffset(partition, ErrorCode.UNSTABLE_OFFSET_COMMIT);
      const o = g?.offset(topic, partition);
      if (!o) return noOffset(partition);
      return { partitionIndex: partition, committedOffset: o.offset, committedLeaderEpoch: o.leaderEpoch, metadata: o.metadata, errorCode: ErrorCode.NONE };
    };
    if (topics === null) {
      if (!g) return [];
      return [...g.offsets].map(([name, parts]) => ({
        name, partitions: [...parts.keys()].sort((a, b) => a - b).map((p) => one(name, p)),
      }));
    }
    return topics.map((t) => ({ name: t.name, partitions: (t.partitionIndexes ?? []).map((p) => one(t.name, p)) }));
  }

  // --- retention -----------------------------------------------------------------------------

  /**
   * Kafka's offset expiry (KIP-211): offsets of an Empty group expire offsets.retention.ms after
   * it became empty; offsets of a group that never had members (simple commits) expire
   * retention after their commit; an explicit expire timestamp (OffsetCommit v2-4) wins.
   * Empty groups left without offsets are deleted. Returns the number of offsets expired.
   */
  async expireOffsets(): Promise<number> {
    const now = this.reg.now();
    const retention = this.reg.options.offsetsRetentionMs;
    const records: OffsetStoreRecord[] = [];
    let expired = 0;
    for (const g of [...this.reg.groups.values()]) {
      const simple = !g.protocolType;
      if (!g.is('Empty') && !simple) continue;
      for (const [topic, parts] of [...g.offsets]) {
        for (const [partition, o] of [...parts]) {
          if (g.hasPendingTxnOffset(topic, partition)) continue;
          const base = simple ? o.commitTimestamp : g.currentStateTimestamp;
          const due = o.expireTimestamp !== null ? now >= o.expireTimestamp : now - base >= retention;
          if (!due) continue;
          g.deleteOffset(topic, partition);
          records.push(this.reg.offsetRecord(g.groupId, topic, partition, null));
          expired++;
        }
      }
      if (g.is('Empty') && g.members.size === 0 && g.pendingMembers.size === 0 && !g.hasOffsets()) {
        g.transitionTo('Dead', now);
        this.reg.groups.delete(g.groupId);
        records.push(...this.reg.deletionRecords(g));
      }
    }
    await this.reg.persist(records);
    return expired;
  }

  /** Topics were deleted: their committed offsets go (tombstones), as Kafka does. */
  async deleteTopicOffsets(topics: string[]): Promise<void> {
    const now = this.reg.now();
    const records: OffsetStoreRecord[] = [];
    for (const g of [...this.reg.groups.values()]) {
      let touched = false;
      for (const topic of topics) {
        for (const partition of [...(g.offsets.get(topic)?.keys() ?? [])]) {
          touched = true;
          g.deleteOffset(topic, partition);
          records.push(this.reg.offsetRecord(g.groupId, topic, partition, null));
        }
        for (const pending of g.pendingTxnOffsets.values()) pending.delete(topic);
      }
      if (g.is('Empty') && g.members.size === 0 && g.pendingMembers.size === 0 && g.offsets.size === 0
        && [...g.pendingTxnOffsets.values()].every((m) => m.size === 0) && touched) {
        g.transitionTo('Dead', now);
        this.reg.groups.delete(g.groupId);
        this.forgetGroup(g.groupId);
        records.push(...this.reg.deletionRecords(g));
      }
    }
    await this.reg.persist(records);
  }

  /** Drops the pending transactional offsets of a deleted group. */
  forgetGroup(groupId: string): void {
    for (const groups of this.#txnGroups.values()) groups.delete(groupId);
  }
}
