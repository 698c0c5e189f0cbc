/**
 * Connect schemas: the shape that travels *beside* a record's key or value (never wrapped around it).
 *
 * Values are plain JS data. The mapping from schema type to JS value is fixed:
 *
 * | schema type            | JS value                                                             |
 * |------------------------|----------------------------------------------------------------------|
 * | int8 / int16 / int32   | number (integer in range)                                            |
 * | int64                  | number when it is a safe integer, otherwise bigint (both accepted)   |
 * | float32 / float64      | number                                                               |
 * | boolean                | boolean                                                              |
 * | string                 | string                                                               |
 * | bytes                  | Uint8Array (a Buffer is one)                                         |
 * | array                  | Array                                                                |
 * | map                    | plain object when keys are strings, otherwise Map (both accepted)    |
 * | struct                 | plain object keyed by field name                                     |
 * | Decimal (bytes)        | string in plain decimal notation, e.g. "-12.3400" (no precision loss) |
 * | Date / Time / Timestamp| Date                                                                 |
 *
 * An optional schema accepts `null`. Schemas are immutable and compared by identity on hot paths.
 */
export type SchemaType =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float32'
  | 'float64'
  | 'boolean'
  | 'string'
  | 'bytes'
  | 'array'
  | 'map'
  | 'struct';

export interface Field {
  readonly name: string;
  readonly index: number;
  readonly schema: Schema;
}

export interface Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  /** Default value (a JS value of this schema's type); `undefined` = no default. */
  readonly defaultValue?: unknown;
  readonly name?: string;
  readonly version?: number;
  readonly doc?: string;
  readonly parameters?: Readonly<Record<string, string>>;
  /** struct only, in declaration order */
  readonly fields?: readonly Field[];
  /** map only */
  readonly keySchema?: Schema;
  /** map and array */
  readonly valueSchema?: Schema;
}

/** Logical type names, exactly as Kafka Connect writes them. */
export const LogicalTypeNames = {
  Decimal: 'org.apache.kafka.connect.data.Decimal',
  Date: 'org.apache.kafka.connect.data.Date',
  Time: 'org.apache.kafka.connect.data.Time',
  Timestamp: 'org.apache.kafka.connect.data.Timestamp',
} as const;

/** The schema parameter that holds a Decimal's scale. */
export const DECIMAL_SCALE_PARAM = 'scale';
