/**
 * Kafka's fixed-width converters from `org.apache.kafka.connect.converters` (Short/Integer/Long/Float/
 * Double/BooleanConverter): each wraps the matching Kafka (de)serializer — big-endian two's-complement
 * integers, IEEE-754 floats, one byte 0/1 for booleans — and reads with the optional schema of its type.
 * null ⇄ null. Also HeaderConverters.
 */
import type { RawConfig } from '../src/api/config/define-config.js';
import {
  converterTypeConfigDef,
  type Converter,
  type ConverterDescriptor,
  type RecordOrigin,
  type SchemaAndValue,
} from '../src/api/converter.js';
import { ConversionError } from '../src/api/errors.js';
import type { HeaderConverter, HeaderConverterDescriptor } from '../src/api/header-converter.js';
import type { Schema } from '../src/api/schema.js';
import { Schemas } from '../src/api/schemas.js';
import { CONVERTERS_VERSION } from './common/converter-version.js';

export const numberConverterConfigDef = converterTypeConfigDef;

interface Codec {
  /** Kafka's type name in messages ("short", "integer"…). */
  readonly typeName: string;
  readonly size: number;
  readonly schema: Schema;
  /** Writes `value` into `out`; returns false when the value is not of this type. */
  write(out: Buffer, value: unknown): boolean;
  read(bytes: Buffer): unknown;
}

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

const CODECS = {
  Short: {
    typeName: 'short',
    size: 2,
    schema: Schemas.OPTIONAL_INT16,
    write: (out, v) => isInt(v, -32768, 32767) && (out.writeInt16BE(v), true),
    read: (b) => b.readInt16BE(0),
  },
  Integer: {
    typeName: 'integer',
    size: 4,
    schema: Schemas.OPTIONAL_INT32,
    write: (out, v) => isInt(v, -2147483648, 2147483647) && (out.writeInt32BE(v), true),
    read: (b) => b.readInt32BE(0),
  },
  Long: {
    typeName: 'long',
    size: 8,
    schema: Schemas.OPTIONAL_INT64,
    write: (out, v) => {
      const n = typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
      if (typeof n !== 'bigint' || n < -(2n ** 63n) || n >= 2n ** 63n) return false;
      out.writeBigInt64BE(n);
      return true;
    },
    read: (b) => {
      const n = b.readBigInt64BE(0);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    },
  },
  Float: {
    typeName: 'float',
    size: 4,
    schema: Schemas.OPTIONAL_FLOAT32,
    write: (out, v) => typeof v === 'number' && (out.writeFloatBE(v), true),
    read: (b) => b.readFloatBE(0),
  },
  Double: {
    typeName: 'double',
    size: 8,
    schema: Schemas.OPTIONAL_FLOAT64,
    write: (out, v) => typeof v === 'number' && (out.writeDoubleBE(v), true),
    read: (b) => b.readDoubleBE(0),
  },
  Boolean: {
    typeName: 'boolean',
    size: 1,
    schema: Schemas.OPTIONAL_BOOLEAN,
    write: (out, v) => typeof v === 'boolean' && (out.writeUInt8(v ? 1 : 0), true),
    read: (b) => {
      if (b[0] === 0) return false;
      if (b[0] === 1) return true;
      throw new Error(`Unexpected byte received by BooleanDeserializer: ${b[0]}`);
    },
  },
} satisfies Record<string, Codec>;

type Kind = keyof typeof CODECS;

abstract class NumberConverter implements Converter, HeaderConverter {
  readonly #codec: Codec;

  protected constructor(kind: Kind) {
    this.#codec = CODECS[kind];
  }

  config() {
    return numberConverterConfigDef;
  }

  configure(_configs: RawConfig, _isKey?: boolean): void {
    // no settings
  }

  fromConnectData(topic: string, _headers: unknown, schema: Schema | null | undefined, value: unknown): Uint8Array | null {
    const c = this.#codec;
    // Kafka checks the schema only for booleans; the numeric converters just cast the value.
    if (c.typeName === 'boolean' && schema !== null && schema !== undefined && schema.type !== 'boolean') {
      throw new ConversionError(`Invalid schema type for BooleanConverter: ${schema.type} (topic '${topic}')`, { topic });
    }
    if (value === null || value === undefined) return null;
    const out = Buffer.alloc(c.size);
    if (!c.write(out, value)) {
      throw new ConversionError(`Failed to serialize to ${c.typeName} (was ${typeof value} ${String(value)}) for topic '${topic}'`, { topic });
    }
    return out;
  }

  toConnectData(topic: string, _headers: unknown, bytes: Uint8Array | null, origin?: RecordOrigin): SchemaAndValue {
    const c = this.#codec;
    if (bytes === null || bytes === undefined) return { schema: c.schema, value: null };
    const where = { topic, partition: origin?.partition, offset: origin?.offset };
    if (bytes.length !== c.size) {
      throw new ConversionError(`Failed to deserialize ${c.typeName} from topic '${topic}': expected ${c.size} bytes, got ${bytes.length}`, where);
    }
    try {
      return { schema: c.schema, value: c.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
    } catch (err) {
      throw new ConversionError(`Failed to deserialize ${c.typeName} from topic '${topic}': ${(err as Error).message}`, where, { cause: err });
    }
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null | undefined, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, undefined, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, bytes: Uint8Array | null, origin?: RecordOrigin): SchemaAndValue {
    return this.toConnectData(topic, undefined, bytes, origin);
  }

  close(): void {
    // nothing to release
  }
}

export class ShortConverter extends NumberConverter {
  constructor() {
    super('Short');
  }
}
export class IntegerConverter extends NumberConverter {
  constructor() {
    super('Integer');
  }
}
export class LongConverter extends NumberConverter {
  constructor() {
    super('Long');
  }
}
export class FloatConverter extends NumberConverter {
  constructor() {
    super('Float');
  }
}
export class DoubleConverter extends NumberConverter {
  constructor() {
    super('Double');
  }
}
export class BooleanConverter extends NumberConverter {
  constructor() {
    super('Boolean');
  }
}

const CLASSES: Record<Kind, new () => NumberConverter> = {
  Short: ShortConverter,
  Integer: IntegerConverter,
  Long: LongConverter,
  Float: FloatConverter,
  Double: DoubleConverter,
  Boolean: BooleanConverter,
};

function describeKind(kind: Kind): { converter: ConverterDescriptor; headerConverter: HeaderConverterDescriptor } {
  const name = `${kind}Converter`;
  const Cls = CLASSES[kind];
  const converter: ConverterDescriptor = {
    kind: 'converter',
    name,
    className: `org.apache.kafka.connect.converters.${name}`,
    aliases: [name],
    version: CONVERTERS_VERSION,
    configDef: numberConverterConfigDef,
    description: `${CODECS[kind].typeName} values in Kafka's fixed-width binary form.`,
    create: () => new Cls(),
  };
  return { converter, headerConverter: { ...converter, kind: 'header_converter', create: () => new Cls() } };
}

const described = (Object.keys(CLASSES) as Kind[]).map(describeKind);

/** Each number converter is also a header converter, as in Kafka: one descriptor per kind. */
export const descriptors = described.flatMap((d) => [d.converter, d.headerConverter]);
export const headerConverterDescriptors = described.map((d) => d.headerConverter);
