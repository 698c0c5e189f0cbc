/** Starts `tributary distributed <props>` as child processes (so tests can kill -9 them). */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly restUrl: string;
  readonly workerId: string;
  /** The process's log lines so far (stderr). */
  log(): string;
}

export async function writeProps(dir: string, props: Record<string, string>): Promise<string> {
  const file = join(dir, `worker-${Object.keys(props).length}-${Date.now()}.properties`);
  await writeFile(file, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  return file;
}

export function startWorkerProcess(propsFile: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(root, 'bin/run-ts.js'), join(root, 'src/cli.ts'), 'distributed', propsFile, '--rest-host', '127.0.0.1', '--rest-port', '0', '--log-level', process.env['TRIBUTARY_TEST_LOG_LEVEL'] ?? 'warn'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((res, rej) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /REST API listening on (\S+)/.exec(out)?.[1];
      const id = /worker (\S+) joining/.exec(out)?.[1];
      if (url && id) res({ child, restUrl: url, workerId: id, log: () => err });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => rej(new Error(`worker process exited ${code}: ${err.slice(-2000)}`)));
  });
}

export async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** SIGTERM; resolves false (and kills -9) when the process has not exited within `timeoutMs`. */
export async function stopGracefully(child: ChildProcess, timeoutMs = 20_000): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<boolean>((r) => child.once('exit', () => r(true)));
  child.kill('SIGTERM');
  const ok = await Promise.race([exited, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
  clearTimeout(timer);
  if (!ok) await kill9(child);
  return ok;
}
