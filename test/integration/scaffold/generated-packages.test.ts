/**
 * `tributary new …` packages, generated into a temp dir: their sources type-check, their own tests pass
 * (a child vitest), and the connector package is loaded by a worker from plugin.path. The guide's
 * snippets (docs/writing-a-connector.md) ride along in the same workspace: compiled, and run when they
 * are tests, so the guide cannot rot.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster } from 'tributary/testing';
import { runNewCommand } from '../../../src/scaffold/cli-new.js';
import { generatePluginPackage } from '../../../src/scaffold/generate-plugin-package.js';
import { extractSnippets, linkDependencies, repoRoot, runNode, writeFiles, type RunResult } from './snippet-workspace.js';

const ws = mkdtempSync(join(tmpdir(), 'tributary-scaffold-'));
let tsc: RunResult;
let tests: RunResult;
let snippetCount = 0;

beforeAll(async () => {
  linkDependencies(ws);
  const quiet = () => {};
  runNewCommand(['connector', 'acme-weather', '--type', 'source', '--dir', join(ws, 'acme-weather')], quiet);
  runNewCommand(['connector', 'acme-files', '--type', 'sink', '--dir', join(ws, 'acme-files'), '--tributary', '^0.1.0'], quiet);
  generatePluginPackage({ kind: 'transform', name: 'acme-upper', dir: join(ws, 'acme-upper') });
  generatePluginPackage({ kind: 'converter', name: 'acme-prefix', dir: join(ws, 'acme-prefix'), namespace: 'com.acme' });

  const snippets = extractSnippets(join(repoRoot, 'docs', 'writing-a-connector.md'));
  snippetCount = snippets.length;
  writeFiles(join(ws, 'guide'), snippets);
  writeFileSync(join(ws, 'tsconfig.json'), JSON.stringify({
    extends: './acme-weather/tsconfig.json',
    // Plugin sources and the guide's non-test snippets. Tests import tributary/testing, which pulls the
    // whole runtime into the program; the child vitest below runs them instead.
    include: ['*/src', 'guide'],
    exclude: ['guide/**/*.test.ts'],
  }));
  [tsc, tests] = await Promise.all([
    runNode(ws, 'typescript/bin/tsc', ['-p', 'tsconfig.json']),
    runNode(ws, 'vitest/vitest.mjs', ['run', '--root', ws, '--reporter', 'dot']),
  ]);
}, 180_000);

afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('tributary new', () => {
  it('writes an npm package a worker can load: tributary.plugins entry, typed ConfigDef, README from it, tests', () => {
    const pkg = JSON.parse(readFileSync(join(ws, 'acme-weather', 'package.json'), 'utf8')) as Record<string, any>;
    expect(pkg.tributary).toEqual({ plugins: './src/index.ts' });
    expect(pkg.devDependencies.tributary).toBe(`file:${repoRoot}`); // npm install links this checkout
    expect(JSON.parse(readFileSync(join(ws, 'acme-files', 'package.json'), 'utf8')).devDependencies.tributary).toBe('^0.1.0');
    for (const f of ['src/config.ts', 'src/acme-weather-source-connector.ts', 'src/acme-weather-source-task.ts', 'test/acme-weather.test.ts']) {
      expect(existsSync(join(ws, 'acme-weather', f)), f).toBe(true);
    }
    const readme = readFileSync(join(ws, 'acme-files', 'README.md'), 'utf8');
    expect(readme).toContain('| `output.file` | string |');
    expect(readFileSync(join(ws, 'acme-upper', 'src', 'acme-upper.ts'), 'utf8')).toContain('export class AcmeUpper<R extends ConnectRecord');
    expect(readFileSync(join(ws, 'acme-prefix', 'src', 'index.ts'), 'utf8')).toContain("className: 'com.acme.AcmePrefixConverter'");
  });

  it('refuses bad names, a missing or misplaced --type and a non-empty directory', () => {
    const quiet = () => {};
    expect(() => runNewCommand(['connector', 'Bad_Name', '--type', 'source', '--dir', join(ws, 'x1')], quiet)).toThrow(/kebab-case/);
    expect(() => runNewCommand(['connector', 'ok', '--dir', join(ws, 'x2')], quiet)).toThrow(/--type must be source or sink/);
    expect(() => runNewCommand(['transform', 'ok', '--type', 'sink', '--dir', join(ws, 'x3')], quiet)).toThrow(/connectors only/);
    expect(() => runNewCommand(['widget', 'ok'], quiet)).toThrow(/usage/);
    const help: string[] = [];
    expect(runNewCommand(['--help'], (l) => help.push(l))).toBe('');
    expect(help.join('\n')).toContain('tributary new connector <name> --type source|sink');
    expect(() => runNewCommand(['transform', 'again', '--dir', join(ws, 'acme-upper')], quiet)).toThrow(/not empty/);
  });

  it('generated sources and the guide snippets type-check (strict)', () => {
    expect(tsc.output).toBe('');
    expect(tsc.code).toBe(0);
  });

  it("generated packages pass their own tests, including the in-process cluster ones", () => {
    expect(tests.code, tests.output).toBe(0);
    // 4 packages × (own test + README check) + the guide's test snippet.
    expect(tests.output).toMatch(/Test Files\s+\d+ passed/);
    expect(Number(/Test Files\s+(\d+) passed/.exec(tests.output)![1])).toBeGreaterThanOrEqual(9);
  });

  it('the generated connector package is loaded by a worker from plugin.path and runs', async () => {
    const cluster = await startTestCluster({ pluginPath: [join(ws, 'acme-weather')] });
    try {
      await cluster.createConnector('weather', {
        'connector.class': 'com.example.AcmeWeatherSourceConnector', topic: 'weather', 'poll.interval.ms': '5',
        message: 'sunny', 'value.converter': 'StringConverter',
      });
      const got = await cluster.consume('weather', { count: 2, converter: 'StringConverter' });
      expect(got.map((r) => r.value)).toEqual(['sunny #0', 'sunny #1']);
    } finally {
      await cluster.close();
    }
  });
});

describe('docs/writing-a-connector.md', () => {
  it('has snippets, and they are compiled above (and run when they are tests)', () => {
    expect(snippetCount).toBeGreaterThanOrEqual(5);
  });
});
