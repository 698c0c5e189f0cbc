/**
 * Runs `tributary standalone …` as a real child process for end-to-end tests: waits for its REST line,
 * and offers SIGTERM (graceful) and SIGKILL (crash) stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../../bin/tributary.js');

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly restUrl: string;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name). */
  readonly exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts `node bin/tributary.js <args>` and resolves once it prints its REST address. */
export async function startWorkerProcess(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; stdin?: 'ignore' | 'pipe' } = {},
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | string>((done) => child.on('exit', (code, signal) => done(code ?? signal ?? -1)));
  const restUrl = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`worker did not start in time\nstdout:\n${out}\nstderr:\n${err.slice(-4000)}`)), options.timeoutMs ?? 30_000);
    const check = () => {
      const m = /REST API listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        done(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`worker exited (${code}) before starting\nstdout:\n${out}\nstderr:\n${err.slice(-4000)}`));
    });
  });
  return { child, restUrl, stdout: () => out, stderr: () => err, exited, kill: (s) => child.kill(s) };
}

export async function writeProperties(path: string, props: Record<string, string>): Promise<string> {
  await writeFile(path, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  return path;
}

/** Lines of a file ('' and missing file → none). */
export async function readLines(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
