/** A TCP proxy that can hold back the broker's responses, to make Kafka "slow" for backpressure tests. */
import { createServer, connect, type Socket } from 'node:net';

export interface SlowProxy {
  readonly port: number;
  target(port: number): void;
  /** Stop forwarding broker → client bytes (they are buffered). */
  hold(): void;
  /** Forward everything buffered and resume. */
  release(): void;
  readonly heldBytes: number;
  close(): Promise<void>;
}

export async function createSlowProxy(): Promise<SlowProxy> {
  let targetPort = 0;
  let holding = false;
  let held: Array<{ to: Socket; data: Buffer }> = [];
  let heldBytes = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (holding) {
        held.push({ to: client, data: d });
        heldBytes += d.length;
      } else client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    target: (p) => (targetPort = p),
    hold: () => (holding = true),
    release: () => {
      holding = false;
      for (const h of held) if (!h.to.destroyed) h.to.write(h.data);
      held = [];
    },
    get heldBytes() {
      return heldBytes;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
