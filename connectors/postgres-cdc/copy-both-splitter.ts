/**
 * Splits the replication connection's backend byte stream into protocol messages so that, once the server
 * entered CopyBoth mode (CopyBothResponse 'W'), each CopyData ('d') goes straight to the frame handler
 * instead of through pg-protocol's parser, a CopyDataMessage and two EventEmitter listeners per frame.
 * Every other message — and every CopyData before 'W' — is handed on to pg's own parser unchanged, in
 * order and whole, so pg still runs the connection (auth, query results, errors, CopyDone).
 * Pure: bytes in, callbacks out. Each byte is copied at most once (only a message cut by a chunk boundary).
 */

/** Backend message codes the splitter looks at. */
const COPY_DATA = 0x64; // d
/** CopyDone and ErrorResponse end COPY mode: later CopyData (another COPY) goes to pg again. */
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'
/** A length past this is a broken stream, not a message to allocate for (pg's parser grows its buffer gradually). */
const MAX_MESSAGE = 1 << 30;
const COPY_BOTH_RESPONSE = 0x57; // W
const HEADER = 5; // code + int32 length (which counts itself)

export class CopyBothSplitter {
  /** A message begun in an earlier chunk: its bytes so far (the header alone until the length is known). */
  #acc: Buffer | null = null;
  #accLen = 0;
  #copyBoth = false;
  /** Set after a malformed length: everything is handed to pg unsplit (it reports the protocol error). */
  #broken = false;
  /** Receives each CopyData payload (`buf[start, end)`, valid during the call) once in CopyBoth mode; null = hand them to pg too. */
  onCopyData: ((buf: Buffer, start: number, end: number) => void) | null = null;

  constructor(
    /** pg-protocol's 'data' listener: gets whole messages, several at a time. */
    private readonly passThrough: (bytes: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.#broken) {
      this.passThrough(chunk);
      return;
    }
    let at = 0;
    if (this.#acc !== null) {
      at = this.#fill(chunk);
      if (this.#acc !== null || this.#broken) return; // still incomplete, or handed on unsplit
    }
    const end = chunk.length;
    let runStart = at; // start of whole messages not yet handed to pg
    while (end - at >= HEADER) {
      const size = chunk.readUInt32BE(at + 1);
      if (size < 4 || size > MAX_MESSAGE) {
        this.#break(chunk.subarray(runStart));
        return;
      }
      const next = at + 1 + size;
      if (next > end) break;
      const code = chunk[at];
      if (code === COPY_DATA && this.#copyBoth && this.onCopyData !== null) {
        if (runStart < at) this.passThrough(chunk.subarray(runStart, at));
        this.onCopyData(chunk, at + HEADER, next);
        runStart = next;
      } else if (code === COPY_BOTH_RESPONSE) {
        this.#copyBoth = true;
      } else if (code === COPY_DONE || code === ERROR_RESPONSE) {
        this.#copyBoth = false;
      }
      at = next;
    }
    if (runStart < at) this.passThrough(chunk.subarray(runStart, at));
    if (at < end) this.#startAcc(chunk, at);
  }

  /** Keeps the incomplete message at `at` (to the chunk's end) for the next chunk. */
  #startAcc(chunk: Buffer, at: number): void {
    const have = chunk.length - at;
    if (have >= HEADER) {
      const size = chunk.readUInt32BE(at + 1);
      this.#acc = Buffer.allocUnsafe(1 + size);
    } else {
      this.#acc = Buffer.allocUnsafe(HEADER);
    }
    chunk.copy(this.#acc, 0, at);
    this.#accLen = have;
  }

  /** Adds the start of `chunk` to the message in #acc; dispatches it when complete. Returns bytes used. */
  #fill(chunk: Buffer): number {
    let acc = this.#acc!;
    let used = 0;
    if (this.#accLen < HEADER) {
      used = Math.min(HEADER - this.#accLen, chunk.length);
      chunk.copy(acc, this.#accLen, 0, used);
      this.#accLen += used;
      if (this.#accLen < HEADER) return used;
      const size = acc.readUInt32BE(1);
      if (size < 4 || size > MAX_MESSAGE) {
        this.#acc = null;
        this.#break(Buffer.concat([acc, chunk.subarray(used)]));
        return chunk.length;
      }
      const whole = Buffer.allocUnsafe(1 + size);
      acc.copy(whole, 0, 0, HEADER);
      acc = this.#acc = whole;
    }
    const take = Math.min(acc.length - this.#accLen, chunk.length - used);
    chunk.copy(acc, this.#accLen, used, used + take);
    this.#accLen += take;
    used += take;
    if (this.#accLen === acc.length) {
      this.#acc = null;
      this.#accLen = 0;
      if (acc[0] === COPY_DATA && this.#copyBoth && this.onCopyData !== null) this.onCopyData(acc, HEADER, acc.length);
      else {
        if (acc[0] === COPY_BOTH_RESPONSE) this.#copyBoth = true;
        else if (acc[0] === COPY_DONE || acc[0] === ERROR_RESPONSE) this.#copyBoth = false;
        this.passThrough(acc);
      }
    }
    return used;
  }

  #break(rest: Buffer): void {
    this.#broken = true;
    this.passThrough(rest);
  }
}
