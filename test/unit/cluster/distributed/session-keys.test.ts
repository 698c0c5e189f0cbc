import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/api/logger.js';
import { parseDistributedConfig } from '../../../../src/cluster/distributed/distributed-config.js';
import { SessionKeys } from '../../../../src/cluster/distributed/session-keys.js';
import type { StoredSessionKey } from '../../../../src/storage/config-store.js';

function keys(props: Record<string, string> = {}, initial?: StoredSessionKey) {
  const written: StoredSessionKey[] = [];
  const k = new SessionKeys(parseDistributedConfig({ 'inter.worker.key.ttl.ms': '1000', ...props }), { putSessionKey: async (key) => void written.push(key) }, initial, silentLogger);
  return { k, written };
}

describe('session key rotation (leader)', () => {
  it('writes a key when there is none, then only when it expires', async () => {
    const { k, written } = keys();
    expect(await k.rotateIfDue(10_000)).toBe(true);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ algorithm: 'HmacSHA256', creationTimestamp: 10_000 });
    expect(written[0]!.key.length).toBe(32);
    expect(k.expiresAt).toBe(11_000);
    expect(await k.rotateIfDue(10_999)).toBe(false);
    expect(await k.rotateIfDue(11_000)).toBe(true);
    expect(written).toHaveLength(2);
    expect(written[1]!.key.equals(written[0]!.key)).toBe(false);
  });

  it('never expires a key with a TTL of 0 (as Kafka)', async () => {
    const { k, written } = keys({ 'inter.worker.key.ttl.ms': '0' });
    expect(await k.rotateIfDue(1)).toBe(true);
    expect(k.expiresAt).toBe(Number.POSITIVE_INFINITY);
    expect(await k.rotateIfDue(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(written).toHaveLength(1);
  });

  it('follows keys read from the topic, and replaces one of another algorithm or size', async () => {
    const read = { key: Buffer.alloc(32, 1), algorithm: 'HmacSHA256', creationTimestamp: 500 };
    const { k, written } = keys({}, read);
    expect(k.current).toBe(read);
    expect(k.rotationDue(1000)).toBe(false);
    k.onKey({ ...read, creationTimestamp: 900 });
    expect(k.expiresAt).toBe(1900);
    const other = keys({ 'inter.worker.key.generation.algorithm': 'HmacSHA512' }, read);
    expect(other.k.rotationDue(600)).toBe(true);
    expect(keys({ 'inter.worker.key.size': '128' }, read).k.rotationDue(600)).toBe(true);
    expect(written).toHaveLength(0);
  });
});
