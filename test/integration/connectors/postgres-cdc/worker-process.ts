/** Starts fixtures/cdc-worker-process.ts as a child process (so tests can kill -9 it); resolves once RUNNING. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../../..');

export function startWorkerProcess(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'bin/run-ts.js'), join(import.meta.dirname, 'fixtures/cdc-worker-process.ts'), ...args], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((res, rej) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('RUNNING')) res(child);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => rej(new Error(`worker process exited ${code}: ${err}`)));
  });
}

export async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
