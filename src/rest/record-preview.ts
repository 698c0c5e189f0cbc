/**
 * `POST /preview` (Tributary extra): runs sample records through a connector-like config's converters and SMT
 * chain and answers each record after every stage, or the error the stage raised — a debugger for chains.
 *
 * - direction `sink` (default): the records are as stored in Kafka (key/value/headers as text; a non-string
 *   JSON value is taken as its JSON text). Stages: key.converter, value.converter, header.converter
 *   (toConnectData), then each transform.
 * - direction `source`: the records are Connect data (schemaless JSON values) as a source task would poll
 *   them. Stages: each transform, then the converters (fromConnectData; bytes answered as UTF-8 text, or
 *   base64 when they are not valid UTF-8).
 *
 * The stages are the runtime's own: converters from `TaskConverters.build`, transforms from
 * `TransformChain.build` (one chain per alias so each stage's output can be shown), applied under a
 * `RetryWithTolerance` with tolerance none, so an error is exactly what a task would have failed with.
 */
import { TextDecoder } from 'node:util';
import { Headers } from '../api/headers.js';
import { sinkRecord, sourceRecord, type ConnectRecord } from '../api/records.js';
import type { Schema } from '../api/schema.js';
import type { SchemaAndValue } from '../api/converter.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { ProcessingContext } from '../runtime/errors/processing-context.js';
import { RetryWithTolerance } from '../runtime/errors/retry-with-tolerance.js';
import { TaskConverters } from '../runtime/task-converters.js';
import { TransformChain } from '../runtime/transform-chain.js';
import { BadRequestError } from '../cluster/herder-errors.js';

export interface PreviewInputRecord {
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: number;
  readonly timestamp?: number | null;
  readonly key?: unknown;
  readonly value?: unknown;
  readonly headers?: Readonly<Record<string, unknown>>;
}

export interface PreviewRequest {
  readonly config: Readonly<Record<string, string>>;
  readonly direction?: 'sink' | 'source';
  readonly records: readonly PreviewInputRecord[];
}

export interface StageResult {
  readonly stage: string;
  readonly class: string;
  /** The record after this stage; null when a transform dropped it. Absent when the stage failed. */
  readonly record?: unknown;
  readonly error?: { readonly class: string; readonly message: string };
}

export interface RecordPreview {
  readonly stages: StageResult[];
  /** The final record, null when dropped or failed. */
  readonly output: unknown;
  readonly failed: boolean;
}

const NO_RETRY = { retryTimeoutMs: 0, retryDelayMaxMs: 0, tolerance: 'none' as const };
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function previewRecords(
  request: PreviewRequest,
  plugins: PluginRegistry,
  workerConfig: Readonly<Record<string, string>>,
): { records: RecordPreview[] } {
  const config = request.config;
  const aliases = (config['transforms'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  // Building is validation: a bad class or key is a 400 naming it, as creating the connector would be.
  let converters: TaskConverters;
  const chains: Array<{ alias: string; className: string; chain: TransformChain }> = [];
  try {
    converters = TaskConverters.build(config, workerConfig, plugins);
    for (const alias of aliases) {
      const chain = TransformChain.build({ ...config, transforms: alias }, plugins);
      const className = plugins.find(config[`transforms.${alias}.type`] ?? '', ['transformation'])?.className ?? alias;
      chains.push({ alias, className, chain });
    }
  } catch (err) {
    for (const c of chains) c.chain.close();
    throw new BadRequestError(`Cannot build the preview pipeline: ${(err as Error).message}`, (err as { errors?: Record<string, string[]> }).errors ?? {});
  }
  const policy = new RetryWithTolerance(NO_RETRY, [], new AbortController().signal);
  try {
    const out = request.records.map((input, i) =>
      request.direction === 'source'
        ? previewSource(input, i, converters, chains, policy)
        : previewSink(input, i, converters, chains, policy));
    return { records: out };
  } finally {
    converters.close();
    for (const c of chains) c.chain.close();
  }
}

type Chains = ReadonlyArray<{ alias: string; className: string; chain: TransformChain }>;

function previewSink(input: PreviewInputRecord, i: number, conv: TaskConverters, chains: Chains, policy: RetryWithTolerance): RecordPreview {
  const topic = input.topic ?? 'preview';
  const stages: StageResult[] = [];
  const origin = { partition: input.partition ?? 0, offset: input.offset ?? i };
  let key: SchemaAndValue = { schema: null, value: null };
  let value: SchemaAndValue = { schema: null, value: null };
  const headers = new Headers();
  // Each converter stage shows the record as far as it is built: parts not converted yet are null.
  const snapshot = () => sinkRecord({
    topic, kafkaPartition: origin.partition, kafkaOffset: origin.offset, timestamp: input.timestamp ?? null,
    keySchema: key.schema, key: key.value, valueSchema: value.schema, value: value.value, headers,
  });
  const steps: Array<[string, string, () => void]> = [
    ['key.converter', conv.keyClass, () => (key = conv.key.toConnectData(topic, undefined, toBytes(input.key), origin))],
    ['value.converter', conv.valueClass, () => (value = conv.value.toConnectData(topic, undefined, toBytes(input.value), origin))],
    ['header.converter', conv.headerClass, () => {
      for (const [k, v] of Object.entries(input.headers ?? {})) {
        const sv = conv.header.toConnectHeader(topic, k, toBytes(v), origin);
        headers.addHeader({ key: k, value: sv.value, schema: sv.schema });
      }
    }],
  ];
  for (const [stage, cls, fn] of steps) {
    try {
      fn();
      stages.push({ stage, class: cls, record: recordJson(snapshot()) });
    } catch (err) {
      stages.push({ stage, class: cls, error: errorJson(err) });
      return { stages, output: null, failed: true };
    }
  }
  const result = runTransforms(snapshot(), chains, policy, stages);
  return { stages, output: result.record === null ? null : recordJson(result.record), failed: result.failed };
}

function previewSource(input: PreviewInputRecord, i: number, conv: TaskConverters, chains: Chains, policy: RetryWithTolerance): RecordPreview {
  const topic = input.topic ?? 'preview';
  const stages: StageResult[] = [];
  const record = sourceRecord({
    topic, kafkaPartition: input.partition ?? null, timestamp: input.timestamp ?? null,
    key: input.key ?? null, value: input.value ?? null,
    headers: Object.entries(input.headers ?? {}).map(([k, v]) => ({ key: k, value: v })),
    sourcePartition: null, sourceOffset: { preview: i },
  });
  const t = runTransforms(record, chains, policy, stages);
  if (t.record === null) return { stages, output: null, failed: t.failed };
  const r = t.record;
  const bytes: Record<string, unknown> = { topic: r.topic, partition: r.kafkaPartition, timestamp: r.timestamp };
  const steps: Array<[string, string, () => void]> = [
    ['key.converter', conv.keyClass, () => (bytes['key'] = bytesJson(conv.key.fromConnectData(r.topic, r.headers, r.keySchema, r.key)))],
    ['value.converter', conv.valueClass, () => (bytes['value'] = bytesJson(conv.value.fromConnectData(r.topic, r.headers, r.valueSchema, r.value)))],
    ['header.converter', conv.headerClass, () => (bytes['headers'] = r.headers.toArray().map((h) =>
      ({ key: h.key, value: bytesJson(conv.header.fromConnectHeader(r.topic, h.key, h.schema, h.value)) })))],
  ];
  for (const [stage, cls, fn] of steps) {
    try {
      fn();
      stages.push({ stage, class: cls, record: { ...bytes } });
    } catch (err) {
      stages.push({ stage, class: cls, error: errorJson(err) });
      return { stages, output: null, failed: true };
    }
  }
  return { stages, output: bytes, failed: false };
}

function runTransforms<R extends ConnectRecord>(record: R, chains: Chains, policy: RetryWithTolerance, stages: StageResult[]): { record: R | null; failed: boolean } {
  const ctx = new ProcessingContext();
  let current: R | null = record;
  for (const { alias, className, chain } of chains) {
    if (current === null) break;
    ctx.resetFor(null, null);
    let next: R | null;
    try {
      next = chain.apply(current, policy, ctx);
    } catch (err) {
      stages.push({ stage: `transforms.${alias}`, class: className, error: errorJson((err as { cause?: unknown }).cause ?? err) });
      return { record: null, failed: true };
    }
    stages.push({ stage: `transforms.${alias}`, class: className, record: next === null ? null : recordJson(next) });
    current = next;
  }
  return { record: current, failed: false };
}

function toBytes(v: unknown): Uint8Array | null {
  if (v === null || v === undefined) return null;
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8');
}

function bytesJson(b: Uint8Array | null): unknown {
  if (b === null) return null;
  try {
    return utf8.decode(b);
  } catch {
    return { base64: Buffer.from(b).toString('base64') };
  }
}

function errorJson(err: unknown): { class: string; message: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { class: e.constructor.name, message: e.message };
}

export function recordJson(r: ConnectRecord): Record<string, unknown> {
  return {
    topic: r.topic,
    partition: r.kafkaPartition,
    timestamp: r.timestamp,
    key_schema: schemaJson(r.keySchema),
    key: valueJson(r.key),
    value_schema: schemaJson(r.valueSchema),
    value: valueJson(r.value),
    headers: r.headers.toArray().map((h) => ({ key: h.key, schema: schemaJson(h.schema), value: valueJson(h.value) })),
  };
}

function schemaJson(s: Schema | null | undefined): unknown {
  if (s === null || s === undefined) return null;
  const out: Record<string, unknown> = { type: s.type, optional: s.optional };
  if (s.name !== undefined) out['name'] = s.name;
  if (s.version !== undefined) out['version'] = s.version;
  if (s.parameters !== undefined) out['parameters'] = s.parameters;
  if (s.fields !== undefined) out['fields'] = s.fields.map((f) => ({ name: f.name, schema: schemaJson(f.schema) }));
  if (s.keySchema !== undefined) out['key_schema'] = schemaJson(s.keySchema);
  if (s.valueSchema !== undefined) out['value_schema'] = schemaJson(s.valueSchema);
  return out;
}

/** Connect values as JSON: bytes as {base64}, bigint as a string, Date as ISO text, Map as entries. */
function valueJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return { base64: Buffer.from(v).toString('base64') };
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Map) return [...v].map(([k, x]) => [valueJson(k), valueJson(x)]);
  if (Array.isArray(v)) return v.map(valueJson);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, valueJson(x)]));
  return v;
}
