/**
 * Kafka Connect's group metadata and assignment bytes (IncrementalCooperativeConnectProtocol: "compatible" =
 * version 1, "sessioned" = version 2 with the same layout), so the layouts match what Java workers exchange:
 *
 *   Subscription: version:int16, url:string, config-offset:int64, allocation:nullable bytes (an Assignment)
 *   Assignment:   version:int16, error:int16, leader:string, leader-url:string, config-offset:int64,
 *                 assignment:[{connector:string, tasks:[int32]}], revoked:[…same…], delay:int32
 *
 * Task id -1 in `tasks` stands for the Connector instance itself. Strings are int16-length UTF-8, arrays
 * int32-counted (-1 = null). Pure functions of bytes.
 */

export const CONNECT_PROTOCOL_VERSION = 1;
export const CONNECT_PROTOCOL_NAME = 'compatible';
/** KIP-507: v1's layout; signals that internal requests are signed with the session key. */
export const SESSIONED_PROTOCOL_VERSION = 2;
export const SESSIONED_PROTOCOL_NAME = 'sessioned';

/** The version a sub-protocol name stands for (v1 for anything but `sessioned`). */
export function protocolVersion(name: string): number {
  return name === SESSIONED_PROTOCOL_NAME ? SESSIONED_PROTOCOL_VERSION : CONNECT_PROTOCOL_VERSION;
}
export const CONNECTOR_TASK = -1;

export const ASSIGNMENT_NO_ERROR = 0;
export const ASSIGNMENT_CONFIG_MISMATCH = 1;

/** connector name → ids it runs (-1 = the connector itself). */
export type Allocation = ReadonlyMap<string, readonly number[]>;

export interface WorkerAssignment {
  readonly error: number;
  readonly leader: string;
  readonly leaderUrl: string;
  readonly configOffset: number;
  readonly assigned: Allocation;
  readonly revoked: Allocation;
  readonly delayMs: number;
}

export interface WorkerSubscription {
  readonly url: string;
  readonly configOffset: number;
  /** What the worker runs now (null when it has no previous assignment). */
  readonly allocation: WorkerAssignment | null;
}

class Writer {
  readonly #parts: Buffer[] = [];
  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.#parts.push(b);
    return this;
  }
  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.#parts.push(b);
    return this;
  }
  int64(v: number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(v));
    this.#parts.push(b);
    return this;
  }
  string(s: string): this {
    const b = Buffer.from(s, 'utf8');
    this.int16(b.length);
    this.#parts.push(b);
    return this;
  }
  bytes(b: Buffer | null): this {
    if (b === null) return this.int32(-1);
    this.int32(b.length);
    this.#parts.push(b);
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

class Reader {
  #at = 0;
  constructor(readonly buf: Buffer) {}
  get remaining(): number {
    return this.buf.length - this.#at;
  }
  #need(n: number): void {
    if (this.#at + n > this.buf.length) throw new Error(`connect protocol: truncated data (need ${n} bytes at ${this.#at}, have ${this.buf.length})`);
  }
  int16(): number {
    this.#need(2);
    const v = this.buf.readInt16BE(this.#at);
    this.#at += 2;
    return v;
  }
  int32(): number {
    this.#need(4);
    const v = this.buf.readInt32BE(this.#at);
    this.#at += 4;
    return v;
  }
  int64(): number {
    this.#need(8);
    const v = Number(this.buf.readBigInt64BE(this.#at));
    this.#at += 8;
    return v;
  }
  string(): string {
    const n = this.int16();
    if (n < 0) return '';
    this.#need(n);
    const s = this.buf.toString('utf8', this.#at, this.#at + n);
    this.#at += n;
    return s;
  }
  bytes(): Buffer | null {
    const n = this.int32();
    if (n < 0) return null;
    this.#need(n);
    const b = this.buf.subarray(this.#at, this.#at + n);
    this.#at += n;
    return b;
  }
}

function writeAllocation(w: Writer, a: Allocation): void {
  w.int32(a.size);
  for (const [connector, tasks] of a) {
    w.string(connector).int32(tasks.length);
    for (const t of tasks) w.int32(t);
  }
}

function readAllocation(r: Reader): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const n = r.int32();
  for (let i = 0; i < n; i++) {
    const connector = r.string();
    const count = r.int32();
    const tasks: number[] = [];
    for (let j = 0; j < count; j++) tasks.push(r.int32());
    out.set(connector, tasks);
  }
  return out;
}

export function encodeAssignment(a: WorkerAssignment, version = CONNECT_PROTOCOL_VERSION): Buffer {
  const w = new Writer().int16(version).int16(a.error).string(a.leader).string(a.leaderUrl).int64(a.configOffset);
  writeAllocation(w, a.assigned);
  writeAllocation(w, a.revoked);
  return w.int32(a.delayMs).done();
}

/** Reads v0 and v1+ assignments (v0 has no revoked list or delay). */
export function decodeAssignment(buf: Buffer): WorkerAssignment {
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0) throw new Error(`connect protocol: bad assignment version ${version}`);
  const error = r.int16();
  const leader = r.string();
  const leaderUrl = r.string();
  const configOffset = r.int64();
  const assigned = readAllocation(r);
  const revoked = version >= 1 && r.remaining > 0 ? readAllocation(r) : new Map<string, number[]>();
  const delayMs = version >= 1 && r.remaining >= 4 ? r.int32() : 0;
  return { error, leader, leaderUrl, configOffset, assigned, revoked, delayMs };
}

export function encodeSubscription(s: WorkerSubscription, version = CONNECT_PROTOCOL_VERSION): Buffer {
  return new Writer()
    .int16(version)
    .string(s.url)
    .int64(s.configOffset)
    .bytes(s.allocation === null ? null : encodeAssignment(s.allocation, version))
    .done();
}

export function decodeSubscription(buf: Buffer): WorkerSubscription {
  const r = new Reader(buf);
  const version = r.int16();
  const url = r.string();
  const configOffset = r.int64();
  const alloc = version >= 1 && r.remaining > 0 ? r.bytes() : null;
  return { url, configOffset, allocation: alloc === null || alloc.length === 0 ? null : decodeAssignment(alloc) };
}
