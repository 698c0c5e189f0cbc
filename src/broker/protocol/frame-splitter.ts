// Splits a byte stream into Kafka frames (int32 size prefix + payload). No I/O: the connection pushes
// chunks and receives whole frames. Fuzz-safe: a negative or oversized prefix throws InvalidFrameError
// (the caller closes the connection) before anything of that size is buffered.
// A frame spread over many chunks is concatenated once, when its last byte arrives (not once per chunk).
import { InvalidFrameError } from './protocol-errors.js';

export class FrameSplitter {
  #chunks: Buffer[] = [];
  #buffered = 0;
  /** Bytes (prefix included) of the frame being collected; -1 while its prefix is incomplete. */
  #need = -1;
  #failed = false;

  /**
   * `alloc(size)`, when given, supplies the buffer a frame spread over several chunks is joined into (exactly
   * that frame, prefix included, nothing after it), so the caller can recycle it once the frame is handled.
   */
  constructor(
    private readonly maxFrameBytes: number = 100 * 1024 * 1024,
    private readonly alloc?: (size: number) => Buffer,
  ) {}

  /** Bytes held back waiting for the rest of a frame. */
  get buffered(): number { return this.#buffered; }

  /** Feeds a chunk; calls onFrame once per complete frame (payload without the size prefix), in order. */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    if (this.#failed) throw new InvalidFrameError(-1, this.maxFrameBytes);
    if (this.#buffered === 0) { this.#split(chunk, onFrame); return; }
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    if (this.#need < 0) {
      if (this.#buffered < 4) return;
      const head = this.#chunks[0]!.length >= 4 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#buffered);
      this.#need = 4 + this.#checkSize(head.readInt32BE(0));
    }
    if (this.#buffered < this.#need) return;
    if (this.alloc !== undefined) { this.#joinInto(this.alloc(this.#need), onFrame); return; }
    const buf = Buffer.concat(this.#chunks, this.#buffered);
    this.#chunks = [];
    this.#buffered = 0;
    this.#need = -1;
    this.#split(buf, onFrame);
  }

  /** Copies the collected frame into `target` (its exact size); bytes after it go on being split as usual. */
  #joinInto(target: Buffer, onFrame: (frame: Buffer) => void): void {
    const need = this.#need;
    let filled = 0;
    let i = 0;
    while (filled < need) {
      const c = this.#chunks[i]!;
      const n = Math.min(c.length, need - filled);
      c.copy(target, filled, 0, n);
      filled += n;
      if (n < c.length) this.#chunks[i] = c.subarray(n); // its tail starts the next frame
      else i++;
    }
    const rest = this.#chunks.slice(i);
    this.#chunks = [];
    this.#buffered = 0;
    this.#need = -1;
    onFrame(target.subarray(4, need));
    for (const c of rest) this.push(c, onFrame);
  }

  #split(buf: Buffer, onFrame: (frame: Buffer) => void): void {
    let at = 0;
    while (buf.length - at >= 4) {
      const size = this.#checkSize(buf.readInt32BE(at));
      if (buf.length - at - 4 < size) {
        this.#need = 4 + size;
        break;
      }
      const frame = buf.subarray(at + 4, at + 4 + size);
      at += 4 + size;
      onFrame(frame);
    }
    if (at < buf.length) {
      const rest = buf.subarray(at);
      // Copy a small remainder so a few held-back bytes do not pin a large chunk in memory.
      this.#chunks = [rest.length < 4096 && buf.length > 65536 ? Buffer.from(rest) : rest];
      this.#buffered = rest.length;
      if (rest.length < 4) this.#need = -1;
    }
  }

  #checkSize(size: number): number {
    if (size < 0 || size > this.maxFrameBytes) {
      this.#failed = true;
      this.#chunks = [];
      this.#buffered = 0;
      throw new InvalidFrameError(size, this.maxFrameBytes);
    }
    return size;
  }
}
