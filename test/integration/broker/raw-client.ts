import { connect, type Socket } from 'node:net';
import { FrameSplitter } from '../../../src/broker/protocol/frame-splitter.js';
import { encodeRequest } from '../../../src/broker/protocol/request.js';
import { decodeResponse } from '../../../src/broker/protocol/response.js';

/** A bare Kafka-protocol connection for tests that need exact bytes, pipelining or broken input. */
export class RawClient {
  readonly #socket: Socket;
  readonly #frames: Buffer[] = [];
  readonly #waiters: Array<() => void> = [];
  #nextCorrelationId = 1;
  closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    const splitter = new FrameSplitter(1 << 30);
    socket.on('data', (chunk: Buffer) => splitter.push(chunk, (f) => {
      this.#frames.push(Buffer.from(f));
      this.#waiters.splice(0).forEach((w) => w());
    }));
    socket.on('close', () => {
      this.closed = true;
      this.#waiters.splice(0).forEach((w) => w());
    });
    socket.on('error', () => undefined);
  }

  static connect(bootstrap: string): Promise<RawClient> {
    const [host, port] = bootstrap.split(':');
    return new Promise((resolve, reject) => {
      const s = connect({ host: host!, port: Number(port) }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Sends a request without waiting; returns its correlation id. */
  send(apiKey: number, apiVersion: number, body: object): number {
    const id = this.#nextCorrelationId++;
    this.#socket.write(encodeRequest(apiKey, apiVersion, id, 'raw-client', body as never));
    return id;
  }

  writeRaw(bytes: Buffer): void {
    this.#socket.write(bytes);
  }

  /** The next response frame (without size prefix); rejects if the broker closes first. */
  async nextFrame(timeoutMs = 10_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.#frames.length === 0) {
      if (this.closed) throw new Error('connection closed by the broker');
      if (Date.now() > deadline) throw new Error('no response');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    return this.#frames.shift()!;
  }

  /** Reads the next response and decodes it as (apiKey, apiVersion). */
  async next(apiKey: number, apiVersion: number): Promise<{ correlationId: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return decodeResponse(apiKey, apiVersion, await this.nextFrame());
  }

  async request(apiKey: number, apiVersion: number, body: object): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const id = this.send(apiKey, apiVersion, body);
    const res = await this.next(apiKey, apiVersion);
    if (res.correlationId !== id) throw new Error(`correlation id ${res.correlationId}, expected ${id}`);
    return res.body;
  }

  /** Resolves once the broker has closed the connection. */
  async waitClosed(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.#waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  close(): void {
    this.#socket.destroy();
  }
}
