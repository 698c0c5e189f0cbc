// The declarative shape of one API message (request or response), as in Kafka's message definitions:
// every field carries the version range it exists in, so one table serves every version.

export type PrimitiveType = 'int8' | 'int16' | 'int32' | 'int64' | 'uint16' | 'float64' | 'bool' | 'string' | 'bytes' | 'records' | 'uuid';

export interface FieldSpec {
  /** lowerCamelCase of Kafka's field name; also the property name in decoded bodies. */
  name: string;
  /** 'array' with `items` = array of primitives; 'array' with `fields` = array of structs. */
  type: PrimitiveType | 'struct' | 'array';
  items?: PrimitiveType;
  fields?: FieldSpec[];
  /** Version range: "3+", "0-4", "none". */
  versions: string;
  nullableVersions?: string;
  /** When set, the field is a tagged field in these versions (with `tag`), not a positional one. */
  taggedVersions?: string;
  tag?: number;
  default?: number | string | boolean | null;
}

export interface MessageSpec {
  apiKey: number;
  name: string;
  validVersions: string;
  flexibleVersions: string;
  fields: FieldSpec[];
}

/** Parses "3+", "0-4", "5", "none" into [min, max] (max Infinity for "n+"); null for "none". */
export function parseRange(range: string): [number, number] | null {
  if (range === 'none' || range === '') return null;
  if (range.endsWith('+')) return [Number(range.slice(0, -1)), Infinity];
  const dash = range.indexOf('-');
  if (dash < 0) { const v = Number(range); return [v, v]; }
  return [Number(range.slice(0, dash)), Number(range.slice(dash + 1))];
}

export function inRange(version: number, range: string | undefined): boolean {
  if (range === undefined) return false;
  const r = parseRange(range);
  return r !== null && version >= r[0] && version <= r[1];
}
