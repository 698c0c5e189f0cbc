// Bounds-checked big-endian reader over one Buffer, with Kafka's varint flavours. Every read past the end
// throws ReadError; codec entry points turn it into their own typed error.

export class ReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadError';
  }
}

export class ByteReader {
  constructor(public buf: Buffer, public pos = 0, public end = buf.length) {}

  get remaining(): number { return this.end - this.pos; }

  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new ReadError(`need ${n} bytes at ${this.pos}, have ${this.end - this.pos}`);
  }
  int8(): number { this.need(1); return this.buf.readInt8(this.pos++); }
  uint8(): number { this.need(1); return this.buf[this.pos++]!; }
  int16(): number { this.need(2); const v = this.buf.readInt16BE(this.pos); this.pos += 2; return v; }
  uint16(): number { this.need(2); const v = this.buf.readUInt16BE(this.pos); this.pos += 2; return v; }
  int32(): number { this.need(4); const v = this.buf.readInt32BE(this.pos); this.pos += 4; return v; }
  uint32(): number { this.need(4); const v = this.buf.readUInt32BE(this.pos); this.pos += 4; return v; }
  /** int64 as a JS number (offsets, timestamps and producer ids stay well inside 2^53). */
  int64(): number {
    this.need(8);
    const hi = this.buf.readInt32BE(this.pos);
    const lo = this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    return hi * 4294967296 + lo;
  }
  float64(): number { this.need(8); const v = this.buf.readDoubleBE(this.pos); this.pos += 8; return v; }
  bool(): boolean { return this.uint8() !== 0; }

  /** Unsigned varint up to 32 bits (lengths, tags, counts in flexible versions). */
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new ReadError('truncated varint');
      const b = this.buf[this.pos++]!;
      if (shift === 28) {
        if (b > 0x0f) throw new ReadError('varint too long');
        return (result | (b << 28)) >>> 0;
      }
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  }
  /** Zigzag signed 32-bit varint (record fields). */
  varint(): number {
    const z = this.uvarint();
    return (z >>> 1) ^ -(z & 1);
  }
  /** Zigzag signed 64-bit varint as a number (timestamp deltas). */
  varlong(): number {
    let z = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      if (i >= 10) throw new ReadError('varlong too long');
      if (this.pos >= this.end) throw new ReadError('truncated varlong');
      const b = this.buf[this.pos++]!;
      z += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) break;
      mul *= 128;
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
  /** A slice of the next n bytes (shares memory with the input; no copy). */
  slice(n: number): Buffer {
    this.need(n);
    const s = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  utf8(n: number): string {
    this.need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  uuid(): Buffer { return Buffer.from(this.slice(16)); }
}
