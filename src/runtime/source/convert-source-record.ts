/**
 * A transformed source record → the bytes the producer sends, each converter step under the error policy.
 * Returns undefined when a converter failed and the failure was tolerated (`ctx.failed` is then true).
 */
import type { SourceRecord } from '../../api/records.js';
import type { Converter } from '../../api/converter.js';
import type { OutgoingRecord, RawHeader } from '../../kafka/kafka-record.js';
import type { ProcessingContext } from '../errors/processing-context.js';
import type { RetryWithTolerance } from '../errors/retry-with-tolerance.js';
import type { TaskConverters } from '../task-converters.js';

const NO_HEADERS: readonly RawHeader[] = [];

const agreeing = new WeakMap<Converter, boolean>();

/**
 * Whether fromConnectDataParts may stand in for fromConnectData: both come from the same class. A subclass
 * that overrides only fromConnectData (say, of JsonConverter) must not be bypassed by the parts method it
 * inherited.
 */
function partsAgree(c: Converter): boolean {
  if (c === lastConverter) return lastAgrees; // the same converter record after record: no map lookup
  let ok = agreeing.get(c);
  if (ok === undefined) {
    ok = definer(c, 'fromConnectData') === definer(c, 'fromConnectDataParts');
    agreeing.set(c, ok);
  }
  lastConverter = c;
  lastAgrees = ok;
  return ok;
}

let lastConverter: Converter | null = null;
let lastAgrees = false;

function definer(o: object, name: string): object | null {
  for (let p: object | null = o; p !== null; p = Object.getPrototypeOf(p) as object | null) if (Object.hasOwn(p, name)) return p;
  return null;
}

export function convertSourceRecord(
  r: SourceRecord,
  conv: TaskConverters,
  policy: RetryWithTolerance,
  ctx: ProcessingContext,
): OutgoingRecord | undefined {
  const headers = r.headers.isEmpty()
    ? NO_HEADERS
    : policy.runSync(ctx, 'HEADER_CONVERTER', conv.headerClass, () => {
        const out: RawHeader[] = [];
        for (const h of r.headers) out.push({ key: h.key, value: conv.header.fromConnectHeader(r.topic, h.key, h.schema, h.value) });
        return out;
      });
  const key = policy.runSync(ctx, 'KEY_CONVERTER', conv.keyClass, () => conv.key.fromConnectData(r.topic, r.headers, r.keySchema, r.key));
  const c = conv.value;
  if (c.fromConnectDataParts !== undefined && partsAgree(c)) {
    // the converter keeps bytes many records share (JsonConverter's schema) apart: the producer writes them
    // without a copy per record
    const parts = policy.runSync(ctx, 'VALUE_CONVERTER', conv.valueClass, () => c.fromConnectDataParts!(r.topic, r.headers, r.valueSchema, r.value));
    if (ctx.error !== null) return undefined;
    return {
      topic: r.topic,
      partition: r.kafkaPartition,
      key: key ?? null,
      value: parts?.own ?? null,
      valuePrefix: parts?.shared ?? undefined,
      headers: headers ?? NO_HEADERS,
      timestamp: r.timestamp,
    };
  }
  const value = policy.runSync(ctx, 'VALUE_CONVERTER', conv.valueClass, () => c.fromConnectData(r.topic, r.headers, r.valueSchema, r.value));
  if (ctx.error !== null) return undefined;
  return {
    topic: r.topic,
    partition: r.kafkaPartition,
    key: key ?? null,
    value: value ?? null,
    headers: headers ?? NO_HEADERS,
    timestamp: r.timestamp,
  };
}
