/**
 * librdkafka's mock cluster (Debian's librdkafka), the second broker the conformance suite runs the same
 * scenarios against. Compiled on first use (or when its source changed) from mock-cluster/mock-cluster.c into
 * .tmp/. A control channel on stdin injects errors and moves leaders (`command`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '../..');
const source = join(import.meta.dirname, 'mock-cluster', 'mock-cluster.c');
const binary = join(root, '.tmp', 'mock-cluster');

export interface MockCluster {
  readonly bootstrap: string;
  /**
   * One control line, answered `ok`: `errors <apiKey> <errorCode> <count>` makes the next <count> requests of
   * that API fail with the code; `leader <topic> <partition> <brokerId>` moves a partition's leader.
   */
  command(line: string): Promise<void>;
  close(): Promise<void>;
}

/** Builds the mock cluster launcher; throws with the compiler's message when librdkafka-dev is missing. */
export function buildMockCluster(): string {
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
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
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line.trim()));
  const nextLine = () => new Promise<string>((ok) => waiting.push(ok));
  const bootstrap = await new Promise<string>((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`mock cluster exited early (${code})`)));
    void nextLine().then(ok);
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return {
    bootstrap,
    async command(line) {
      const answer = nextLine();
      child.stdin!.write(`${line}\n`);
      const got = await answer;
      if (got !== 'ok') throw new Error(`mock cluster answered ${JSON.stringify(got)} to ${JSON.stringify(line)}`);
    },
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}
