// STYLE.md habit 1: the protocol layer is pure functions of bytes. This guards it like a lint rule.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../src/broker/protocol/', import.meta.url));
const FORBIDDEN = /from\s+'(node:)?(net|tls|stream|timers|dgram|http|https|child_process|fs|fs\/promises)'/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('src/broker/protocol', () => {
  it('imports no sockets, streams, timers or files, and nothing outside src/broker/protocol', () => {
    const all = files(root);
    expect(all.length).toBeGreaterThan(10);
    for (const f of all) {
      const src = readFileSync(f, 'utf8');
      expect(FORBIDDEN.test(src), f).toBe(false);
      for (const m of src.matchAll(/from\s+'(\.\.\/[^']*)'/g)) {
        const target = join(f, '..', m[1]!);
        expect(target.startsWith(root), `${f} imports ${m[1]}`).toBe(true);
      }
    }
  });
});
