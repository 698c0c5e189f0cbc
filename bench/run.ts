// `npm run bench [-- <filter>]`: runs every bench/**/*.bench.ts whose path contains <filter>, one after the
// other, each in its own process (so one benchmark's heap and JIT state do not colour the next).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const benchDir = import.meta.dirname;
const runner = resolve(benchDir, '../bin/run-ts.js');
const filter = process.argv[2] ?? '';

function benches(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...benches(p));
    else if (name.endsWith('.bench.ts')) out.push(p);
  }
  return out;
}

const selected = benches(benchDir).filter((p) => relative(benchDir, p).includes(filter));
if (selected.length === 0) {
  console.error(`no benchmark matches '${filter}'`);
  process.exit(2);
}
let failed = 0;
for (const file of selected) {
  console.log(`\n### ${relative(resolve(benchDir, '..'), file)}\n`);
  const r = spawnSync(process.execPath, [runner, file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
