// The groups of this coordinator plus their persistence: one ordered write chain to the
// OffsetStore so that completions (and thus in-memory updates) follow the call order.
import { GroupMetadata } from './group-metadata.js';
import type { ResolvedOptions } from './coordinator-options.js';
import type { OffsetStoreRecord } from './offset-store.js';
import { encodeGroupKey, encodeGroupValue, encodeOffsetKey, encodeOffsetValue } from './offsets-format.js';
import type { CommittedOffset } from './group-metadata.js';

export class GroupRegistry {
  readonly groups = new Map<string, GroupMetadata>();
  #chain: Promise<void> = Promise.resolve();
  #seq = 0;

  constructor(readonly options: ResolvedOptions) {}

  now(): number { return this.options.clock(); }

  get(groupId: string): GroupMetadata | undefined { return this.groups.get(groupId); }

  getOrCreate(groupId: string): GroupMetadata {
    let g = this.groups.get(groupId);
    if (!g) this.groups.set(groupId, (g = new GroupMetadata(groupId, this.now())));
    return g;
  }

  nextSeq(): number { return ++this.#seq; }

  /** Appends records after every earlier append has finished (success or not). */
  persist(records: OffsetStoreRecord[]): Promise<void> {
    if (records.length === 0) return this.#chain;
    const p = this.#chain.then(() => this.options.offsetStore.append(records));
    this.#chain = p.catch(() => undefined);
    return p;
  }

  /** The group's metadata record; `assignments` overrides the members' current ones (sync). */
  groupRecord(g: GroupMetadata, assignments?: Map<string, Buffer>): OffsetStoreRecord {
    const members = [...g.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      sessionTimeoutMs: m.sessionTimeoutMs,
      subscription: m.metadata(g.protocolName),
      assignment: assignments ? assignments.get(m.memberId) ?? Buffer.alloc(0) : m.assignment,
    }));
    return {
      key: encodeGroupKey(g.groupId),
      value: encodeGroupValue({
        protocolType: g.protocolType ?? '',
        generation: g.generationId,
        protocol: g.protocolName,
        leader: g.leaderId,
        currentStateTimestamp: g.currentStateTimestamp,
        members,
      }),
    };
  }

  offsetRecord(groupId: string, topic: string, partition: number, o: CommittedOffset | null): OffsetStoreRecord {
    return {
      key: encodeOffsetKey(groupId, topic, partition),
      value: o && encodeOffsetValue(o),
    };
  }

  /** Tombstones for the group's metadata and every committed offset. */
  deletionRecords(g: GroupMetadata): OffsetStoreRecord[] {
    const out: OffsetStoreRecord[] = [{ key: encodeGroupKey(g.groupId), value: null }];
    for (const [topic, parts] of g.offsets) {
      for (const p of parts.keys()) out.push(this.offsetRecord(g.groupId, topic, p, null));
    }
    return out;
  }
}
