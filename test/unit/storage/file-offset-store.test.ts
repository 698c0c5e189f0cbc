import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileOffsetStore } from '../../../src/storage/file-offset-store.js';
import { MemoryOffsetStore } from '../../../src/storage/memory-offset-store.js';
import { offsetKey, offsetValue, parseOffsetKey, offsetFormatError } from '../../../src/storage/offset-key.js';
import { StoreOffsetReader } from '../../../src/storage/store-offset-reader.js';
import { connectorOffsets } from '../../../src/storage/connector-offsets.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trib-offsets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('offset keys', () => {
  it("use Kafka Connect's compact JSON key format", () => {
    expect(offsetKey('jdbc-src', { table: 'orders' })).toBe('["jdbc-src",{"table":"orders"}]');
    expect(offsetValue({ ts: 1700000000000, id: 42 })).toBe('{"ts":1700000000000,"id":42}');
    expect(parseOffsetKey('["a",{"f":"x"}]')).toEqual({ connector: 'a', partition: { f: 'x' } });
    expect(parseOffsetKey('{"a":1}')).toBeUndefined();
  });
  it('reject nested values in offsets', () => {
    expect(offsetFormatError('offset', { a: 1, b: 'x', c: null })).toBeUndefined();
    expect(offsetFormatError('offset', { a: { b: 1 } })).toMatch(/field 'a'/);
  });
});

describe('FileOffsetStore', () => {
  it('persists offsets across instances and deletes on null', async () => {
    const path = join(dir, 'sub', 'connect.offsets');
    const a = new FileOffsetStore(path);
    await a.start();
    const k1 = offsetKey('c', { file: '/a' });
    const k2 = offsetKey('c', { file: '/b' });
    await a.set(new Map([[k1, '{"position":10}'], [k2, '{"position":20}']]));
    await a.set(new Map([[k2, null]]));
    await a.stop();

    const b = new FileOffsetStore(path);
    await b.start();
    expect(await b.get([k1, k2])).toEqual(new Map([[k1, '{"position":10}'], [k2, null]]));
    const reader = new StoreOffsetReader(b, 'c');
    expect(await reader.offset({ file: '/a' })).toEqual({ position: 10 });
    expect(await reader.offset({ file: '/zzz' })).toBeNull();
    expect(await connectorOffsets(b, 'c')).toEqual([{ partition: { file: '/a' }, offset: { position: 10 } }]);
    const text = JSON.parse(await readFile(path, 'utf8'));
    expect(text).toEqual({ version: 1, offsets: { [k1]: '{"position":10}' } });
  });

  it('writes atomically: no temp files left, and a failed write keeps the old file and memory', async () => {
    const path = join(dir, 'connect.offsets');
    const s = new FileOffsetStore(path);
    await s.start();
    const k = offsetKey('c', { p: 1 });
    await s.set(new Map([[k, '{"n":1}']]));
    // many concurrent writes are applied in order
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.set(new Map([[k, `{"n":${i + 2}}`]]))));
    expect((await s.get([k])).get(k)).toBe('{"n":21}');
    expect((await readdir(dir)).sort()).toEqual(['connect.offsets']);

    // a crash between writing the temp file and the rename leaves the old file in charge
    await writeFile(join(dir, '.connect.offsets.999.1.tmp'), '{"version":1,"offsets":{"torn');
    const again = new FileOffsetStore(path);
    await again.start();
    expect((await again.get([k])).get(k)).toBe('{"n":21}');
  });

  it('a failed write rejects and keeps the previous offsets in memory', async () => {
    await writeFile(join(dir, 'not-a-dir'), 'x');
    const s = new FileOffsetStore(join(dir, 'not-a-dir', 'connect.offsets')); // parent is a file: ENOTDIR
    await s.start().catch(() => undefined);
    await expect(s.set(new Map([['k', '{"n":1}']]))).rejects.toThrow();
    expect((await s.get(['k'])).get('k')).toBeNull();
    // later writes still run (the queue is not poisoned)
    await expect(s.set(new Map([['k', '{"n":2}']]))).rejects.toThrow();
  });

  it('explains a file that is not JSON (e.g. a Java-serialized Kafka offsets file)', async () => {
    const path = join(dir, 'java.offsets');
    await writeFile(path, Buffer.from([0xac, 0xed, 0x00, 0x05, 0x73, 0x72]));
    await expect(new FileOffsetStore(path).start()).rejects.toThrow(/Java-serialized/);
  });

  it('treats a missing file as empty', async () => {
    const s = new FileOffsetStore(join(dir, 'none'));
    await s.start();
    expect(await s.entries()).toEqual(new Map());
  });
});

describe('MemoryOffsetStore', () => {
  it('gets, sets and deletes', async () => {
    const s = new MemoryOffsetStore();
    await s.set(new Map([['k', 'v']]));
    expect((await s.get(['k', 'x'])).get('k')).toBe('v');
    await s.set(new Map([['k', null]]));
    expect(await s.entries()).toEqual(new Map());
  });
});
