// Key/value codecs for records of Kafka's `__consumer_offsets` topic, so that Kafka tools
// could read our store: OffsetCommitKey (key version 0/1) with OffsetCommitValue v0-3, and
// GroupMetadataKey (key version 2) with GroupMetadataValue v0-3. We write key v1 + value v3
// (value v1 when an explicit expire timestamp must be kept) and group value v3.

export interface OffsetKey { type: 'offset'; group: string; topic: string; partition: number }
export interface GroupKey { type: 'group'; group: string }
export type CoordinatorKey = OffsetKey | GroupKey;

export interface OffsetValue {
  offset: number;
  leaderEpoch: number; // -1 = unknown
  metadata: string;
  commitTimestamp: number;
  expireTimestamp: number | null; // only value v1 carries it
}

export interface StoredMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  subscription: Buffer;
  assignment: Buffer;
}

export interface GroupValue {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  currentStateTimestamp: number; // -1 = unknown
  members: StoredMember[];
}

class Writer {
  #parts: Buffer[] = [];
  int16(v: number): this { const b = Buffer.alloc(2); b.writeInt16BE(v); this.#parts.push(b); return this; }
  int32(v: number): this { const b = Buffer.alloc(4); b.writeInt32BE(v); this.#parts.push(b); return this; }
  int64(v: number): this { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(v)); this.#parts.push(b); return this; }
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const s = Buffer.from(v, 'utf8');
    return this.int16(s.length).raw(s);
  }
  bytes(v: Buffer): this { return this.int32(v.length).raw(v); }
  raw(b: Buffer): this { this.#parts.push(b); return this; }
  done(): Buffer { return Buffer.concat(this.#parts); }
}

class Reader {
  #pos = 0;
  constructor(private readonly buf: Buffer) {}
  #need(n: number): void {
    if (this.#pos + n > this.buf.length) throw new RangeError('truncated __consumer_offsets record');
  }
  int16(): number { this.#need(2); const v = this.buf.readInt16BE(this.#pos); this.#pos += 2; return v; }
  int32(): number { this.#need(4); const v = this.buf.readInt32BE(this.#pos); this.#pos += 4; return v; }
  int64(): number { this.#need(8); const v = Number(this.buf.readBigInt64BE(this.#pos)); this.#pos += 8; return v; }
  nullableString(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    this.#need(n);
    const s = this.buf.toString('utf8', this.#pos, this.#pos + n);
    this.#pos += n;
    return s;
  }
  string(): string { return this.nullableString() ?? ''; }
  bytes(): Buffer {
    const n = this.int32();
    if (n < 0) return Buffer.alloc(0);
    this.#need(n);
    const b = Buffer.from(this.buf.subarray(this.#pos, this.#pos + n));
    this.#pos += n;
    return b;
  }
}

export function encodeOffsetKey(group: string, topic: string, partition: number): Buffer {
  return new Writer().int16(1).string(group).string(topic).int32(partition).done();
}

export function encodeGroupKey(group: string): Buffer {
  return new Writer().int16(2).string(group).done();
}

/** Returns null for key versions this coordinator does not know (other record types). */
export function decodeKey(key: Buffer): CoordinatorKey | null {
  const r = new Reader(key);
  const version = r.int16();
  if (version === 0 || version === 1) {
    return { type: 'offset', group: r.string(), topic: r.string(), partition: r.int32() };
  }
  if (version === 2) return { type: 'group', group: r.string() };
  return null;
}

export function encodeOffsetValue(v: OffsetValue): Buffer {
  if (v.expireTimestamp !== null) {
    return new Writer().int16(1).int64(v.offset).string(v.metadata).int64(v.commitTimestamp)
      .int64(v.expireTimestamp).done();
  }
  return new Writer().int16(3).int64(v.offset).int32(v.leaderEpoch).string(v.metadata)
    .int64(v.commitTimestamp).done();
}

export function decodeOffsetValue(value: Buffer): OffsetValue {
  const r = new Reader(value);
  const version = r.int16();
  const offset = r.int64();
  if (version === 3) {
    const leaderEpoch = r.int32();
    return { offset, leaderEpoch, metadata: r.string(), commitTimestamp: r.int64(), expireTimestamp: null };
  }
  if (version < 0 || version > 3) throw new RangeError(`unsupported OffsetCommitValue version ${version}`);
  const metadata = r.string();
  const commitTimestamp = r.int64();
  const expireTimestamp = version === 1 ? r.int64() : null;
  return { offset, leaderEpoch: -1, metadata, commitTimestamp, expireTimestamp };
}

export function encodeGroupValue(v: GroupValue): Buffer {
  const w = new Writer().int16(3).string(v.protocolType).int32(v.generation).string(v.protocol)
    .string(v.leader).int64(v.currentStateTimestamp).int32(v.members.length);
  for (const m of v.members) {
    w.string(m.memberId).string(m.groupInstanceId).string(m.clientId).string(m.clientHost)
      .int32(m.rebalanceTimeoutMs).int32(m.sessionTimeoutMs).bytes(m.subscription).bytes(m.assignment);
  }
  return w.done();
}

export function decodeGroupValue(value: Buffer): GroupValue {
  const r = new Reader(value);
  const version = r.int16();
  if (version < 0 || version > 3) throw new RangeError(`unsupported GroupMetadataValue version ${version}`);
  const protocolType = r.string();
  const generation = r.int32();
  const protocol = r.nullableString();
  const leader = r.nullableString();
  const currentStateTimestamp = version >= 2 ? r.int64() : -1;
  const count = r.int32();
  const members: StoredMember[] = [];
  for (let i = 0; i < count; i++) {
    const memberId = r.string();
    const groupInstanceId = version >= 3 ? r.nullableString() : null;
    const clientId = r.string();
    const clientHost = r.string();
    const sessionOrRebalance = r.int32();
    // v0 has only the session timeout; v1+ puts the rebalance timeout before it.
    const rebalanceTimeoutMs = sessionOrRebalance;
    const sessionTimeoutMs = version >= 1 ? r.int32() : sessionOrRebalance;
    members.push({
      memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs, sessionTimeoutMs,
      subscription: r.bytes(), assignment: r.bytes(),
    });
  }
  return { protocolType, generation, protocol, leader, currentStateTimestamp, members };
}
