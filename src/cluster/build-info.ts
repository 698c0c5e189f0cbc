/**
 * Version and commit for `GET /` (Kafka reports its build's version and git commit id). The commit is read
 * from the checkout's `.git` when there is one — no `git` process — and is "unknown" in an npm install.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export interface BuildInfo {
  readonly version: string;
  readonly commit: string;
}

export function buildInfo(projectRoot = root): BuildInfo {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version?: string };
  return { version: pkg.version ?? 'unknown', commit: gitCommit(projectRoot) };
}

function gitCommit(projectRoot: string): string {
  try {
    const gitDir = join(projectRoot, '.git');
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 16);
    const ref = head.slice(5);
    const refFile = join(gitDir, ref);
    if (existsSync(refFile)) return readFileSync(refFile, 'utf8').trim().slice(0, 16);
    const packed = readFileSync(join(gitDir, 'packed-refs'), 'utf8');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return line ? line.slice(0, 16) : 'unknown';
  } catch {
    return 'unknown';
  }
}
