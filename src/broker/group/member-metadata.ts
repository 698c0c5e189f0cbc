// One member of a classic (JoinGroup/SyncGroup) group, with the pending long-poll callbacks.
import type { JoinGroupResponse, ProtocolEntry, SyncGroupResponse } from './group-messages.js';

const EMPTY = Buffer.alloc(0);

export class MemberMetadata {
  assignment: Buffer = EMPTY;
  /** Set while the member's JoinGroup waits for the join barrier. */
  awaitingJoin: ((r: JoinGroupResponse) => void) | null = null;
  /** Set while the member's SyncGroup waits for the leader's assignment. */
  awaitingSync: ((r: SyncGroupResponse) => void) | null = null;
  /** Joined during the current rebalance and not yet through a completed join. */
  isNew = false;
  cancelSessionTimer: (() => void) | null = null;

  constructor(
    public memberId: string,
    readonly groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    readonly protocolType: string,
    public protocols: ProtocolEntry[],
  ) {}

  get isAwaitingJoin(): boolean { return this.awaitingJoin !== null; }
  get isAwaitingSync(): boolean { return this.awaitingSync !== null; }
  get isStatic(): boolean { return this.groupInstanceId !== null; }

  protocolNames(): string[] { return this.protocols.map((p) => p.name); }

  /** The member's metadata for `protocol` (empty if it does not support it). */
  metadata(protocol: string | null): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY;
  }

  /** Same protocols in the same order with identical metadata bytes. */
  matches(protocols: ProtocolEntry[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    for (let i = 0; i < protocols.length; i++) {
      const a = protocols[i]!, b = this.protocols[i]!;
      if (a.name !== b.name || !Buffer.from(a.metadata ?? EMPTY).equals(Buffer.from(b.metadata ?? EMPTY))) return false;
    }
    return true;
  }

  /** The member's most preferred protocol among `candidates` (its list is in preference order). */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.protocols.find((p) => candidates.has(p.name))?.name;
  }
}
