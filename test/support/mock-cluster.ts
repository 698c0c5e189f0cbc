/**
 * librdkafka's mock cluster (Debian's librdkafka), the second broker the conformance suite runs the same
 * scenarios against. Compiled on first use from mock-cluster/mock-cluster.c into .tmp/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '../..');
const source = join(import.meta.dirname, 'mock-cluster', 'mock-cluster.c');
const binary = join(root, '.tmp', 'mock-cluster');

export interface MockCluster {
  readonly bootstrap: string;
  close(): Promise<void>;
}

/** Builds the mock cluster launcher; throws with the compiler's message when librdkafka-dev is missing. */
export function buildMockCluster(): string {
  if (existsSync(binary)) return binary;
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const r = spawnSync('gcc', ['-O1', '-o', binary, source, '-lrdkafka'], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`cannot build librdkafka mock cluster (apt-get install librdkafka-dev gcc): ${r.stderr || r.error?.message}`);
  }
  return binary;
}

export async function startMockCluster(options: { brokers?: number; topics?: Record<string, number> } = {}): Promise<MockCluster> {
  const bin = buildMockCluster();
  const args = [String(options.brokers ?? 1), ...Object.entries(options.topics ?? {}).map(([t, n]) => `${t}:${n}`)];
  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const bootstrap = await new Promise<string>((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`mock cluster exited early (${code})`)));
    lines.once('line', (line) => ok(line.trim()));
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return {
    bootstrap,
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}
