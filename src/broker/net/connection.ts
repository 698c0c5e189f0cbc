import type { Socket } from 'node:net';
import { FrameSplitter } from '../protocol/frame-splitter.js';
import type { BrokerLogger } from '../server/broker-logger.js';
import type { SaslOptions } from '../security/sasl-options.js';

/** Turns one request frame into the response bytes (size prefix included), or null for no response. */
export type FrameHandler = (frame: Buffer, conn: Connection) => Promise<Buffer | null>;

/** Thrown by a FrameHandler when the connection must be closed (the reason is logged once). */
export class CloseConnectionError extends Error {
  readonly code = 'TRIB_BROKER_CLOSE_CONNECTION';
}

export interface ConnectionOptions {
  readonly id: number;
  /** SASL settings of the listener this connection came in on; undefined = no authentication. */
  readonly sasl?: SaslOptions;
  readonly maxRequestBytes: number;
  readonly handle: FrameHandler;
  readonly logger: BrokerLogger;
  readonly onClosed: (conn: Connection) => void;
}

// Pause reading once this many requests wait behind the one in progress (Kafka mutes the channel instead).
const MAX_QUEUED = 32;

/**
 * One client connection. Kafka handles one request per connection at a time, so requests are
 * processed strictly in order (a long-polling Fetch or JoinGroup delays the requests pipelined behind
 * it) and every response goes out in request order.
 */
export class Connection {
  readonly id: number;
  readonly remote: string;
  readonly sasl: SaslOptions | undefined;
  /** Per-connection state handlers may keep (e.g. SASL progress). */
  readonly attributes = new Map<string, unknown>();
  #socket: Socket;
  #splitter: FrameSplitter;
  #queue: Buffer[] = [];
  #busy = false;
  #closed = false;
  #opts: ConnectionOptions;
  /** A large request buffer whose frame has been handled, ready for the next large frame (see #allocFrame). */
  #spare: Buffer | null = null;
  #recyclable = new WeakSet<ArrayBufferLike>();

  constructor(socket: Socket, opts: ConnectionOptions) {
    this.id = opts.id;
    this.#socket = socket;
    this.#opts = opts;
    this.sasl = opts.sasl;
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.#splitter = new FrameSplitter(opts.maxRequestBytes, (size) => this.#allocFrame(size));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    // A peer resetting its connection is routine (clients disconnect abruptly): not worth a warning.
    socket.on('error', (err) => this.#closeWith('socket error', err, 'debug'));
    socket.on('close', () => this.#closeWith());
  }

  /** The address the client reached us on (what Metadata should advertise). */
  get localHost(): string {
    const a = this.#socket.localAddress ?? '127.0.0.1';
    return a.startsWith('::ffff:') ? a.slice(7) : a;
  }

  get localPort(): number {
    return this.#socket.localPort ?? 0;
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    this.#closeWith();
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    try {
      this.#splitter.push(chunk, (frame) => this.#queue.push(ownedFrame(frame)));
    } catch (err) {
      this.#closeWith('invalid frame', err);
      return;
    }
    if (this.#queue.length > MAX_QUEUED) this.#socket.pause();
    if (!this.#busy) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const frame = this.#queue.shift()!;
        if (this.#queue.length <= MAX_QUEUED / 2 && this.#socket.isPaused()) this.#socket.resume();
        let response: Buffer | null;
        try {
          response = await this.#opts.handle(frame, this);
        } catch (err) {
          // A CloseConnectionError is the client's fault; anything else is a broker bug worth its stack.
          if (err instanceof CloseConnectionError) this.#closeWith('bad request', err);
          else this.#closeWith('request failed', err, 'error');
          return;
        }
        if (response !== null && !this.#closed) await this.#write(response);
        // Handlers keep no view of a request past its response (records are written or copied by then).
        if (this.#recyclable.has(frame.buffer)) this.#spare = Buffer.from(frame.buffer);
      }
    } finally {
      this.#busy = false;
    }
  }

  #allocFrame(size: number): Buffer {
    if (size < RECYCLE_MIN) return Buffer.allocUnsafe(size);
    const spare = this.#spare;
    if (spare !== null && spare.length >= size && size >= spare.length >>> 1) {
      this.#spare = null;
      return spare.subarray(0, size);
    }
    const buf = Buffer.allocUnsafeSlow(size);
    this.#recyclable.add(buf.buffer);
    return buf;
  }

  #write(bytes: Buffer): Promise<void> {
    if (this.#socket.write(bytes)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.#socket.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      this.#socket.once('drain', done);
      this.#socket.once('close', done);
    });
  }

  #closeWith(reason?: string, err?: unknown, level: 'error' | 'warn' | 'debug' = 'warn'): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    if (reason !== undefined) {
      this.#opts.logger[level]({ conn: this.id, remote: this.remote, reason, err: describe(err) }, 'closing client connection');
    }
    this.#socket.destroy();
    this.#opts.onClosed(this);
  }
}

/**
 * Where the splitter joins a frame that came in several socket reads. Large ones (produce requests) go into a
 * buffer recycled from an earlier, finished request: a fresh megabyte per request, freed again at once, cost
 * the broker more in allocation, page faults and GC than the copy itself.
 */
const RECYCLE_MIN = 64 * 1024;

/**
 * The splitter's frames are views of buffers nobody else writes while the frame is handled (a socket read,
 * or a joined buffer recycled only after its frame's response), so a frame is queued as is: a produce request is not copied a second time (≈ 10 % of the broker's CPU on
 * 2.7 KB records). Only a frame much smaller than the buffer under it is copied, so a queued heartbeat does not
 * keep a 64 KB read alive.
 */
function ownedFrame(frame: Buffer): Buffer {
  return frame.length >= frame.buffer.byteLength >>> 1 ? frame : Buffer.from(frame);
}

function describe(err: unknown): string | undefined {
  if (err === undefined) return undefined;
  if (err instanceof CloseConnectionError) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
