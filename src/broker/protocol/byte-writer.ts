// Growable big-endian writer (doubles its buffer), with Kafka's varint flavours.

export class ByteWriter {
  buf: Buffer;
  pos = 0;
  /** When set (chunked mode), large record buffers are kept by reference instead of copied. */
  chunks: Buffer[] | null = null;
  #chunkedBytes = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Appends `b` without copying it (chunked mode only): closes the current segment, then references b. */
  appendRef(b: Buffer): void {
    const chunks = this.chunks!;
    if (this.pos > 0) {
      chunks.push(this.buf.subarray(0, this.pos));
      this.#chunkedBytes += this.pos;
      this.buf = this.buf.subarray(this.pos);
      this.pos = 0;
      if (this.buf.length < 64) this.buf = Buffer.allocUnsafe(256);
    }
    chunks.push(b);
    this.#chunkedBytes += b.length;
  }

  /** Total bytes written so far, across chunks. */
  get totalLength(): number { return this.#chunkedBytes + this.pos; }

  /** Chunked mode: every segment in order (the written tail included). */
  finishChunks(): Buffer[] {
    const out = this.chunks!;
    if (this.pos > 0) out.push(this.buf.subarray(0, this.pos));
    return out;
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  int8(v: number): void { this.ensure(1); this.buf.writeInt8(v, this.pos); this.pos += 1; }
  uint8(v: number): void { this.ensure(1); this.buf[this.pos++] = v & 0xff; }
  int16(v: number): void { this.ensure(2); this.buf.writeInt16BE(v, this.pos); this.pos += 2; }
  uint16(v: number): void { this.ensure(2); this.buf.writeUInt16BE(v, this.pos); this.pos += 2; }
  int32(v: number): void { this.ensure(4); this.buf.writeInt32BE(v, this.pos); this.pos += 4; }
  uint32(v: number): void { this.ensure(4); this.buf.writeUInt32BE(v >>> 0, this.pos); this.pos += 4; }
  /** int64 from a JS number (or bigint); numbers are split into hi/lo words without a BigInt. */
  int64(v: number | bigint): void {
    this.ensure(8);
    if (typeof v === 'bigint') {
      this.buf.writeBigInt64BE(v, this.pos);
    } else {
      const hi = Math.floor(v / 4294967296);
      this.buf.writeInt32BE(hi | 0, this.pos);
      this.buf.writeUInt32BE((v - hi * 4294967296) >>> 0, this.pos + 4);
    }
    this.pos += 8;
  }
  float64(v: number): void { this.ensure(8); this.buf.writeDoubleBE(v, this.pos); this.pos += 8; }
  bool(v: boolean): void { this.uint8(v ? 1 : 0); }
  uvarint(v: number): void {
    this.ensure(5);
    v >>>= 0;
    while (v > 0x7f) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }
  varint(v: number): void { this.uvarint((v << 1) ^ (v >> 31)); }
  varlong(v: number): void {
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    this.ensure(10);
    while (z >= 128) {
      this.buf[this.pos++] = (z % 128) | 0x80;
      z = Math.floor(z / 128);
    }
    this.buf[this.pos++] = z;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  utf8(s: string): void {
    const n = Buffer.byteLength(s);
    this.ensure(n);
    this.buf.write(s, this.pos, n, 'utf8');
    this.pos += n;
  }
  /** The written bytes as a view over the internal buffer (valid until the next write). */
  view(): Buffer { return this.buf.subarray(0, this.pos); }
}

/** Bytes of a zigzag varint, for sizing records before writing them. */
export function varintSize(v: number): number {
  let z = ((v << 1) ^ (v >> 31)) >>> 0;
  let n = 1;
  while (z > 0x7f) { z >>>= 7; n++; }
  return n;
}
