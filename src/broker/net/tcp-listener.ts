import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Connection, type FrameHandler } from './connection.js';
import type { BrokerLogger } from '../server/broker-logger.js';
import type { SaslOptions } from '../security/sasl-options.js';

export interface TlsOptions {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
  readonly ca?: string | Buffer;
}

export interface TcpListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxRequestBytes: number;
  readonly handle: FrameHandler;
  readonly logger: BrokerLogger;
  readonly tls?: TlsOptions;
  readonly sasl?: SaslOptions;
}

/** Accepts client connections and gives each its own Connection; close() ends them all. */
export class TcpListener {
  #server: Server;
  #connections = new Set<Connection>();
  #nextId = 1;
  #opts: TcpListenerOptions;
  #closing: Promise<void> | undefined;

  constructor(opts: TcpListenerOptions) {
    this.#opts = opts;
    const onSocket = (socket: Socket) => this.#accept(socket);
    this.#server = opts.tls
      ? createTlsServer({ key: opts.tls.key, cert: opts.tls.cert, ca: opts.tls.ca }, onSocket)
      : createServer(onSocket);
    this.#server.on('error', (err) => opts.logger.error({ err: err.message }, 'listener error'));
  }

  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.#server.once('error', onError);
      this.#server.listen(this.#opts.port, this.#opts.host, () => {
        this.#server.off('error', onError);
        const addr = this.#server.address();
        const port = typeof addr === 'object' && addr !== null ? addr.port : this.#opts.port;
        resolve({ host: this.#opts.host, port });
      });
    });
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Stops accepting, destroys every open connection; safe to call twice. */
  close(): Promise<void> {
    return (this.#closing ??= new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      for (const c of [...this.#connections]) c.close();
    }));
  }

  #accept(socket: Socket): void {
    if (this.#closing) {
      socket.destroy();
      return;
    }
    const conn = new Connection(socket, {
      id: this.#nextId++,
      maxRequestBytes: this.#opts.maxRequestBytes,
      handle: this.#opts.handle,
      logger: this.#opts.logger,
      sasl: this.#opts.sasl,
      onClosed: (c) => this.#connections.delete(c),
    });
    this.#connections.add(conn);
  }
}
