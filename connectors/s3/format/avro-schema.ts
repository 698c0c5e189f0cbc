/**
 * Connect schema → Avro schema and Connect value → Avro datum, following Confluent's AvroData: structs are
 * records, optional fields are `["null", T]` unions defaulting to null, int8/int16 are `int`, Decimal is
 * `bytes` with the decimal logical type, Date/Time/Timestamp are int/int/long with their logical types,
 * maps with non-string keys are arrays of `{key, value}` records.
 */
import {
  DataError,
  LogicalTypeNames,
  dateToDays,
  decimalScale,
  decimalToBytes,
  timeToMillis,
  type Schema,
} from '../../../src/api/index.js';

type AvroSchema = string | Record<string, unknown> | AvroSchema[];

const DEFAULT_RECORD_NAME = 'ConnectDefault';

export function toAvroSchema(schema: Schema): AvroSchema {
  const names = new Map<string, number>();
  return optionalWrap(schema, convert(schema, names));
}

function optionalWrap(schema: Schema, avro: AvroSchema): AvroSchema {
  return schema.optional ? ['null', avro] : avro;
}

function recordName(schema: Schema, names: Map<string, number>): string {
  const base = (schema.name ?? DEFAULT_RECORD_NAME).replace(/[^A-Za-z0-9_.]/g, '_');
  const n = (names.get(base) ?? 0) + 1;
  names.set(base, n);
  return n === 1 ? base : `${base}${n}`;
}

function convert(schema: Schema, names: Map<string, number>): AvroSchema {
  switch (schema.name) {
    case LogicalTypeNames.Decimal:
      return { type: 'bytes', logicalType: 'decimal', precision: Number(schema.parameters?.['connect.decimal.precision'] ?? 64), scale: decimalScale(schema) };
    case LogicalTypeNames.Date:
      return { type: 'int', logicalType: 'date' };
    case LogicalTypeNames.Time:
      return { type: 'int', logicalType: 'time-millis' };
    case LogicalTypeNames.Timestamp:
      return { type: 'long', logicalType: 'timestamp-millis' };
  }
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': return 'int';
    case 'int64': return 'long';
    case 'float32': return 'float';
    case 'float64': return 'double';
    case 'boolean': return 'boolean';
    case 'string': return 'string';
    case 'bytes': return 'bytes';
    case 'array': return { type: 'array', items: optionalWrap(schema.valueSchema!, convert(schema.valueSchema!, names)) };
    case 'map': {
      const values = optionalWrap(schema.valueSchema!, convert(schema.valueSchema!, names));
      if (schema.keySchema?.type === 'string' && !schema.keySchema.optional) return { type: 'map', values };
      const entry = {
        type: 'record', name: recordName({ ...schema, name: 'MapEntry' }, names),
        fields: [{ name: 'key', type: optionalWrap(schema.keySchema!, convert(schema.keySchema!, names)) }, { name: 'value', type: values }],
      };
      return { type: 'array', items: entry };
    }
    case 'struct': {
      const fields = (schema.fields ?? []).map((f) => {
        const type = optionalWrap(f.schema, convert(f.schema, names));
        return f.schema.optional ? { name: f.name, type, default: null } : { name: f.name, type };
      });
      return { type: 'record', name: recordName(schema, names), fields };
    }
  }
}

/** The Avro datum avsc encodes for a Connect value of `schema`. */
export function toAvroValue(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (schema.optional) return null;
    throw new DataError(`null value for a required ${schema.type} field in AvroFormat`);
  }
  switch (schema.name) {
    case LogicalTypeNames.Decimal: return Buffer.from(decimalToBytes(String(value), decimalScale(schema)));
    case LogicalTypeNames.Date: return dateToDays(value as Date);
    case LogicalTypeNames.Time: return timeToMillis(value as Date);
    case LogicalTypeNames.Timestamp: return (value as Date).getTime();
  }
  switch (schema.type) {
    case 'int64': return typeof value === 'bigint' ? Number(value) : value;
    case 'bytes': return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    case 'array': {
      const items = value as readonly unknown[];
      const out = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i++) out[i] = toAvroValue(schema.valueSchema!, items[i]);
      return out;
    }
    case 'map': {
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
      if (schema.keySchema?.type === 'string' && !schema.keySchema.optional) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of entries) out[k as string] = toAvroValue(schema.valueSchema!, v);
        return out;
      }
      return entries.map(([k, v]) => ({ key: toAvroValue(schema.keySchema!, k), value: toAvroValue(schema.valueSchema!, v) }));
    }
    case 'struct': {
      const out: Record<string, unknown> = {};
      const struct = value as Record<string, unknown>;
      for (const f of schema.fields ?? []) out[f.name] = toAvroValue(f.schema, struct[f.name]);
      return out;
    }
    default:
      return value;
  }
}
