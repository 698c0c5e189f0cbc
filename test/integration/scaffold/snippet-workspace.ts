/**
 * A throwaway workspace where generated plugin packages and the guide's snippets are checked the way an
 * author would check them: `node_modules/tributary` links to this checkout (as `npm install` of a `file:`
 * dependency would), `tsc` type-checks, and a child `vitest run` runs their tests. Offline and build-free.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');

export function linkDependencies(workspace: string): void {
  mkdirSync(join(workspace, 'node_modules'), { recursive: true });
  symlinkSync(repoRoot, join(workspace, 'node_modules', 'tributary'), 'dir');
  symlinkSync(join(repoRoot, 'node_modules', 'vitest'), join(workspace, 'node_modules', 'vitest'), 'dir');
  symlinkSync(join(repoRoot, 'node_modules', '@types'), join(workspace, 'node_modules', '@types'), 'dir');
}

/**
 * The ```ts blocks of a Markdown file. A block whose first line is `// file: some/path.ts` is written
 * there (so snippets can import each other); others become `snippet-<n>.ts`.
 */
export function extractSnippets(markdownFile: string): Array<{ path: string; code: string }> {
  const text = readFileSync(markdownFile, 'utf8');
  const out: Array<{ path: string; code: string }> = [];
  for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const code = m[1]!;
    const named = /^\/\/ file: (\S+)\n/.exec(code);
    out.push({ path: named ? named[1]! : `snippet-${out.length + 1}.ts`, code });
  }
  return out;
}

export function writeFiles(dir: string, files: ReadonlyArray<{ path: string; code: string }>): void {
  for (const f of files) {
    const target = join(dir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.code);
  }
}

export interface RunResult {
  readonly code: number;
  readonly output: string;
}

/** Runs a node script from this checkout's node_modules with `cwd`, without this vitest run's env. */
export function runNode(cwd: string, script: string, args: readonly string[], timeoutMs = 120_000): Promise<RunResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST')) env[k] = v;
  env.NO_COLOR = '1';
  return new Promise((done) => {
    execFile(process.execPath, [join(repoRoot, 'node_modules', script), ...args], { cwd, env, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}
