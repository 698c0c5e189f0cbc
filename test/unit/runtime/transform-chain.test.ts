import { describe, expect, it } from 'vitest';
import { defineConfig, newRecord, sourceRecord, type ConnectRecord, type Predicate, type RawConfig, type Transformation } from '../../../src/api/index.js';
import { PluginRegistry } from '../../../src/plugins/plugin-registry.js';
import { ProcessingContext } from '../../../src/runtime/errors/processing-context.js';
import { RetryWithTolerance } from '../../../src/runtime/errors/retry-with-tolerance.js';
import { TransformChain } from '../../../src/runtime/transform-chain.js';

const empty = defineConfig({});
const seen: RawConfig[] = [];
let closed = 0;

class Append implements Transformation {
  suffix = '';
  configure(c: RawConfig) {
    seen.push(c);
    this.suffix = String(c['suffix']);
  }
  apply(r: ConnectRecord) {
    if (r.value === 'boom') throw new Error('cannot append');
    return newRecord(r, { value: `${String(r.value)}${this.suffix}` });
  }
  config() {
    return empty;
  }
  close() {
    closed++;
  }
}
class DropAll implements Transformation {
  configure() {}
  apply() {
    return null;
  }
  config() {
    return empty;
  }
  close() {}
}
class TopicIs implements Predicate {
  topic = '';
  configure(c: RawConfig) {
    this.topic = String(c['pattern']);
  }
  test(r: ConnectRecord) {
    return r.topic === this.topic;
  }
  config() {
    return empty;
  }
  close() {}
}

function registry(): PluginRegistry {
  const reg = new PluginRegistry();
  reg.register({ kind: 'transformation', className: 'test.Append', version: '1', create: () => new Append() });
  reg.register({ kind: 'transformation', className: 'test.DropAll', version: '1', create: () => new DropAll() });
  reg.register({ kind: 'predicate', className: 'test.TopicIs', version: '1', create: () => new TopicIs() });
  return reg;
}

const policy = (tolerance: 'none' | 'all') => new RetryWithTolerance({ retryTimeoutMs: 0, retryDelayMaxMs: 1, tolerance }, [], new AbortController().signal);
const rec = (topic: string, value: string) => sourceRecord({ topic, value, sourcePartition: null, sourceOffset: null });

describe('TransformChain', () => {
  const config = {
    transforms: 'a, b, drop',
    'transforms.a.type': 'test.Append',
    'transforms.a.suffix': '-a',
    'transforms.b.type': 'Append', // simple name resolves too
    'transforms.b.suffix': '-b',
    'transforms.b.predicate': 'isOrders',
    'transforms.drop.type': 'test.DropAll',
    'transforms.drop.predicate': 'isOrders',
    'transforms.drop.negate': 'true',
    predicates: 'isOrders',
    'predicates.isOrders.type': 'test.TopicIs',
    'predicates.isOrders.pattern': 'orders',
  };

  it('applies transforms in order, honours predicates and negate, and drops on null', () => {
    const chain = TransformChain.build(config, registry());
    expect(chain.aliases).toEqual(['a', 'b', 'drop']);
    const ctx = new ProcessingContext();
    expect(chain.apply(rec('orders', 'x'), policy('none'), ctx.resetFor(null))?.value).toBe('x-a-b');
    expect(chain.apply(rec('other', 'x'), policy('none'), ctx.resetFor(null))).toBeNull(); // dropped by negated predicate
    expect(ctx.failed).toBe(false);
    expect(seen.some((c) => c['transform.alias'] === 'a' && c['suffix'] === '-a' && c['type'] === 'test.Append')).toBe(true);
    chain.close();
    chain.close();
    expect(closed).toBe(2);
  });

  it('routes a failing transform through the error policy', () => {
    const chain = TransformChain.build(config, registry());
    const ctx = new ProcessingContext();
    expect(chain.apply(rec('orders', 'boom'), policy('all'), ctx.resetFor(null))).toBeNull();
    expect(ctx.failed).toBe(true);
    expect(ctx.stage).toBe('TRANSFORMATION');
    expect(ctx.executingClass).toBe('test.Append');
    expect(() => chain.apply(rec('orders', 'boom'), policy('none'), ctx.resetFor(null))).toThrow(/Tolerance exceeded.*cannot append/);
  });

  it('names the key of a bad config', () => {
    expect(() => TransformChain.build({ transforms: 'x' }, registry())).toThrow(/transforms.x.type/);
    expect(() => TransformChain.build({ transforms: 'x', 'transforms.x.type': 'Nope' }, registry())).toThrow(/Unknown/);
    expect(() => TransformChain.build({ transforms: 'x', 'transforms.x.type': 'test.Append', 'transforms.x.predicate': 'p' }, registry())).toThrow(/unknown predicate 'p'/);
  });
});
