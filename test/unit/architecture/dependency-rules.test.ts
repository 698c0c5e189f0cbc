/**
 * The layering rules of DESIGN.md, enforced: each rule scans the import specifiers of every TypeScript
 * file under a folder and fails naming the file and the forbidden import.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

function tsFiles(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(relative(root, p)));
    else if (name.endsWith('.ts')) out.push(relative(root, p));
  }
  return out;
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

function importsOf(file: string): string[] {
  const src = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(importRe)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** Resolves a relative specifier to a project-relative path; bare specifiers are returned as-is. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return relative(root, resolve(root, dirname(file), spec));
}

function violations(dirs: string[], forbidden: (target: string, spec: string) => boolean): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    for (const file of tsFiles(dir)) {
      for (const spec of importsOf(file)) {
        if (forbidden(target(file, spec), spec)) out.push(`${file} imports ${spec}`);
      }
    }
  }
  return out;
}

const isProjectPath = (t: string) => !t.startsWith('node:') && (t.startsWith('src/') || /^(connectors|transforms|converters|test|bench)\//.test(t));

describe('dependency rules (DESIGN.md)', () => {
  it('plugins (connectors/, transforms/, converters/) import only src/api from the project', () => {
    const bad = violations(['connectors', 'transforms', 'converters'], (t) =>
      isProjectPath(t) && t.startsWith('src/') && !t.startsWith('src/api'),
    );
    expect(bad).toEqual([]);
  });

  it('src/api imports nothing from the runtime and no runtime libraries', () => {
    const bad = violations(['src/api'], (t) =>
      (isProjectPath(t) && !t.startsWith('src/api')) || ['kafkajs', 'pino', 'fastify', 'pg'].includes(t),
    );
    expect(bad).toEqual([]);
  });

  it('src/broker depends on nothing else in the project', () => {
    const bad = violations(['src/broker'], (t) => isProjectPath(t) && !t.startsWith('src/broker'));
    expect(bad).toEqual([]);
  });

  it('src/broker/protocol holds pure codecs: no sockets, streams or timers', () => {
    const bad = violations(['src/broker/protocol'], (_t, spec) =>
      /^(node:)?(net|tls|stream|timers|dgram|http|https)(\/|$)/.test(spec),
    );
    expect(bad).toEqual([]);
  });

  it('only src/kafka imports kafkajs (outside tests and the broker-free helpers)', () => {
    const bad = violations(['src/api', 'src/config', 'src/plugins', 'src/runtime', 'src/cluster', 'src/storage', 'src/rest', 'src/broker', 'connectors', 'transforms', 'converters'], (t) =>
      t === 'kafkajs' || t.startsWith('kafkajs/'),
    );
    expect(bad).toEqual([]);
  });

  it('scans real files (the rules above are not vacuous)', () => {
    expect(tsFiles('src/api').length).toBeGreaterThan(0);
    expect(importsOf('test/unit/architecture/dependency-rules.test.ts')).toContain('node:fs');
  });
});
