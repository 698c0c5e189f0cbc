/**
 * Test kit for the SMT tests: record builders, a registry-backed factory, and a tiny transform chain with
 * Kafka's `transforms.X.predicate` / `transforms.X.negate` semantics (PredicatedTransformation): the
 * transform runs when `negate XOR predicate.test(record)`; a null result ends the chain.
 */
import {
  SchemaBuilder,
  Schemas,
  sinkRecord,
  sourceRecord,
  subConfig,
  type ConnectRecord,
  type HeaderInit,
  type Predicate,
  type Schema,
  type SinkRecord,
  type Transformation,
} from '../../../src/api/index.js';
import { loadPlugins } from '../../../src/plugins/load-plugins.js';
import type { PluginRegistry } from '../../../src/plugins/plugin-registry.js';

let registryPromise: Promise<PluginRegistry> | undefined;
export function registry(): Promise<PluginRegistry> {
  return (registryPromise ??= loadPlugins());
}

/** A configured transform, resolved by any of its names through the real plugin registry. */
export async function transform(name: string, config: Record<string, unknown> = {}): Promise<Transformation> {
  const t = (await registry()).resolve(name, ['transformation']).create() as Transformation;
  t.configure(config);
  return t;
}

export async function predicate(name: string, config: Record<string, unknown> = {}): Promise<Predicate> {
  const p = (await registry()).resolve(name, ['predicate']).create() as Predicate;
  p.configure(config);
  return p;
}

export interface RecordOpts {
  topic?: string;
  partition?: number;
  offset?: number;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value?: unknown;
  timestamp?: number | null;
  headers?: HeaderInit[];
}

export function sink(o: RecordOpts = {}): SinkRecord {
  return sinkRecord({
    topic: o.topic ?? 'orders',
    kafkaPartition: o.partition ?? 3,
    kafkaOffset: o.offset ?? 42,
    keySchema: o.keySchema ?? null,
    key: o.key ?? null,
    valueSchema: o.valueSchema ?? null,
    value: o.value ?? null,
    timestamp: o.timestamp === undefined ? 1_700_000_000_123 : o.timestamp,
    headers: o.headers ?? [],
  });
}

export function source(o: RecordOpts = {}) {
  return sourceRecord({
    topic: o.topic ?? 'orders',
    kafkaPartition: o.partition ?? null,
    keySchema: o.keySchema ?? null,
    key: o.key ?? null,
    valueSchema: o.valueSchema ?? null,
    value: o.value ?? null,
    timestamp: o.timestamp === undefined ? 1_700_000_000_123 : o.timestamp,
    headers: o.headers ?? [],
    sourcePartition: { table: 'orders' },
    sourceOffset: { lsn: 1 },
  });
}

/** A small struct schema used across tests: id int32, name string, age optional int32 (default 18). */
export const person: Schema = SchemaBuilder.struct()
  .name('Person')
  .version(2)
  .field('id', Schemas.INT32)
  .field('name', Schemas.STRING)
  .field('age', SchemaBuilder.int32().optional().defaultValue(18))
  .build();

export const alice = { id: 1, name: 'alice', age: 30 };

/** Deep-freezes test inputs so a transform that mutates its input throws. */
export function frozen<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && !(v instanceof Date)) {
    for (const k of Object.keys(v)) frozen((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

export interface Chain {
  apply(record: ConnectRecord): ConnectRecord | null;
  close(): void;
}

/** Builds a chain from worker-style connector props (`transforms`, `transforms.X.*`, `predicates`, …). */
export async function chainFrom(props: Record<string, string>): Promise<Chain> {
  const reg = await registry();
  const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const predicates = new Map<string, Predicate>();
  for (const alias of list(props.predicates)) {
    const sub = subConfig(props, `predicates.${alias}.`);
    const p = reg.resolve(sub.type!, ['predicate']).create() as Predicate;
    const { type: _t, ...rest } = sub;
    p.configure(rest);
    predicates.set(alias, p);
  }
  const steps: { t: Transformation; p: Predicate | undefined; negate: boolean }[] = [];
  for (const alias of list(props.transforms)) {
    const sub = subConfig(props, `transforms.${alias}.`);
    const { type, predicate: pName, negate, ...rest } = sub;
    const t = reg.resolve(type!, ['transformation']).create() as Transformation;
    t.configure({ ...rest, 'transform.alias': alias });
    const p = pName === undefined ? undefined : predicates.get(pName);
    if (pName !== undefined && p === undefined) throw new Error(`unknown predicate ${pName}`);
    steps.push({ t, p, negate: negate === 'true' });
  }
  return {
    apply(record) {
      let r: ConnectRecord | null = record;
      for (const s of steps) {
        if (s.p !== undefined && !(s.negate !== s.p.test(r))) continue;
        r = s.t.apply(r);
        if (r === null) return null;
      }
      return r;
    },
    close() {
      for (const s of steps) s.t.close();
      for (const p of predicates.values()) p.close();
    },
  };
}
