// The sparse offset and time indexes of one segment, kept in growable typed arrays and persisted as
// `.index` (int32 relative offset, int32 position) and `.timeindex` (int64 timestamp, int32 relative offset).
//
// Offset entry (rel, pos): the batch whose baseOffset is base+rel starts at byte pos.
// Time entry (ts, rel): every batch before offset base+rel has maxTimestamp <= ts, so a search for the first
// batch with maxTimestamp >= target may start at the entry with the largest ts < target.

const OFFSET_ENTRY = 8;
const TIME_ENTRY = 12;

export class SegmentIndex {
  #rel = new Int32Array(64);
  #pos = new Int32Array(64);
  #count = 0;
  #ts = new Float64Array(16);
  #trel = new Int32Array(16);
  #tcount = 0;

  addOffset(rel: number, pos: number): void {
    if (this.#count === this.#rel.length) {
      this.#rel = grow(this.#rel);
      this.#pos = grow(this.#pos);
    }
    this.#rel[this.#count] = rel;
    this.#pos[this.#count++] = pos;
  }

  /** Records that everything before `rel` has maxTimestamp <= ts (ts must not decrease). */
  addTime(ts: number, rel: number): void {
    const last = this.#tcount - 1;
    if (last >= 0 && this.#ts[last]! >= ts) {
      if (this.#ts[last] === ts) this.#trel[last] = rel;
      return;
    }
    if (this.#tcount === this.#ts.length) {
      this.#ts = grow(this.#ts);
      this.#trel = grow(this.#trel);
    }
    this.#ts[this.#tcount] = ts;
    this.#trel[this.#tcount++] = rel;
  }

  /** Position of the indexed batch with the largest relative offset <= rel (0 when none). */
  positionFor(rel: number): number {
    let lo = 0;
    let hi = this.#count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#rel[mid]! <= rel) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? 0 : this.#pos[found]!;
  }

  /** Relative offset where a search for the first batch with maxTimestamp >= ts may start (0 when none). */
  relOffsetForTime(ts: number): number {
    let lo = 0;
    let hi = this.#tcount - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#ts[mid]! < ts) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? 0 : this.#trel[found]!;
  }

  lastOffsetEntry(): { rel: number; pos: number } | null {
    if (this.#count === 0) return null;
    return { rel: this.#rel[this.#count - 1]!, pos: this.#pos[this.#count - 1]! };
  }

  lastTimeEntry(): { ts: number; rel: number } | null {
    if (this.#tcount === 0) return null;
    return { ts: this.#ts[this.#tcount - 1]!, rel: this.#trel[this.#tcount - 1]! };
  }

  encodeOffsets(): Buffer {
    const out = Buffer.allocUnsafe(this.#count * OFFSET_ENTRY);
    for (let i = 0; i < this.#count; i++) {
      out.writeInt32BE(this.#rel[i]!, i * OFFSET_ENTRY);
      out.writeInt32BE(this.#pos[i]!, i * OFFSET_ENTRY + 4);
    }
    return out;
  }

  encodeTimes(): Buffer {
    const out = Buffer.allocUnsafe(this.#tcount * TIME_ENTRY);
    for (let i = 0; i < this.#tcount; i++) {
      out.writeBigInt64BE(BigInt(this.#ts[i]!), i * TIME_ENTRY);
      out.writeInt32BE(this.#trel[i]!, i * TIME_ENTRY + 8);
    }
    return out;
  }

  /**
   * Parses persisted index files; null when they do not look sane (wrong size, not increasing,
   * positions past the segment), so the caller rebuilds the index from the log bytes instead.
   */
  static decode(offsets: Buffer, times: Buffer, segmentSize: number): SegmentIndex | null {
    if (offsets.length % OFFSET_ENTRY !== 0 || times.length % TIME_ENTRY !== 0) return null;
    const idx = new SegmentIndex();
    let prevRel = -1;
    let prevPos = -1;
    for (let at = 0; at < offsets.length; at += OFFSET_ENTRY) {
      const rel = offsets.readInt32BE(at);
      const pos = offsets.readInt32BE(at + 4);
      if (rel <= prevRel || pos <= prevPos || pos >= segmentSize) return null;
      idx.addOffset(rel, pos);
      prevRel = rel;
      prevPos = pos;
    }
    let prevTs = -Infinity;
    for (let at = 0; at < times.length; at += TIME_ENTRY) {
      const ts = Number(times.readBigInt64BE(at));
      const rel = times.readInt32BE(at + 8);
      if (ts < prevTs || rel < 0) return null;
      idx.addTime(ts, rel);
      prevTs = ts;
    }
    return idx;
  }
}

function grow<T extends Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}
