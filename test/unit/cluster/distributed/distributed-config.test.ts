import { describe, expect, it } from 'vitest';
import { parseDistributedConfig } from '../../../../src/cluster/distributed/distributed-config.js';

describe('distributed worker keys (connect.protocol, inter.worker.*)', () => {
  it('defaults as Kafka Connect: sessioned, HmacSHA256, one hour key TTL', () => {
    expect(parseDistributedConfig({})).toEqual({
      'connect.protocol': 'sessioned',
      'inter.worker.key.generation.algorithm': 'HmacSHA256',
      'inter.worker.key.size': null,
      'inter.worker.key.ttl.ms': 3_600_000,
      'inter.worker.signature.algorithm': 'HmacSHA256',
      'inter.worker.verification.algorithms': ['HmacSHA256'],
    });
  });

  it('reads the keys and refuses what Kafka refuses (and eager, which Tributary lacks)', () => {
    const c = parseDistributedConfig({
      'connect.protocol': 'compatible', 'inter.worker.key.ttl.ms': '1000', 'inter.worker.signature.algorithm': 'HmacSHA512',
      'inter.worker.verification.algorithms': 'HmacSHA256,HmacSHA512',
    });
    expect(c['connect.protocol']).toBe('compatible');
    expect(c['inter.worker.key.ttl.ms']).toBe(1000);
    expect(c['inter.worker.verification.algorithms']).toEqual(['HmacSHA256', 'HmacSHA512']);
    expect(() => parseDistributedConfig({ 'connect.protocol': 'eager' })).toThrow(/eager is not supported/);
    expect(() => parseDistributedConfig({ 'connect.protocol': 'fancy' })).toThrow(/connect.protocol/);
    expect(() => parseDistributedConfig({ 'inter.worker.signature.algorithm': 'HmacSHA512' })).toThrow(/must be present in inter.worker.verification.algorithms/);
    expect(() => parseDistributedConfig({ 'inter.worker.key.generation.algorithm': 'DES' })).toThrow(/Unsupported algorithm/);
    expect(() => parseDistributedConfig({ 'inter.worker.verification.algorithms': '' })).toThrow(/inter.worker.verification.algorithms/);
  });
});
