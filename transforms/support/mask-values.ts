import { decimalScale, logicalTypeOf, type Schema } from '../../src/api/index.js';
import { describeValue, isPlainObject } from './struct-values.js';

/** A value MaskField cannot mask (or cannot mask with the custom replacement); the caller adds context. */
export class MaskProblem extends Error {}

const INT_BOUNDS = { int8: 127, int16: 32767, int32: 2147483647 } as const;

function zeroDecimal(schema: Schema): string {
  const scale = decimalScale(schema);
  return scale > 0 ? `0.${'0'.repeat(scale)}` : '0';
}

function parseInteger(type: 'int8' | 'int16' | 'int32' | 'int64', replacement: string): number | bigint {
  const trimmed = replacement.trim();
  if (!/^[+-]?\d+(\.\d*)?$/.test(trimmed)) throw new MaskProblem(`Unable to convert ${replacement} (String) to number`);
  const whole = trimmed.split('.')[0]!;
  if (type === 'int64') {
    const big = BigInt(whole);
    if (big < -(2n ** 63n) || big > 2n ** 63n - 1n) throw new MaskProblem(`Unable to convert ${replacement} (String) to number`);
    return Number.isSafeInteger(Number(big)) ? Number(big) : big;
  }
  const n = Number(whole);
  const max = INT_BOUNDS[type];
  if (n > max || n < -max - 1) throw new MaskProblem(`Unable to convert ${replacement} (String) to number`);
  return n;
}

function parseFloating(replacement: string): number {
  const n = Number(replacement.trim());
  if (replacement.trim() === '' || Number.isNaN(n)) throw new MaskProblem(`Unable to convert ${replacement} (String) to number`);
  return n;
}

function parseDecimal(schema: Schema, replacement: string): string {
  const m = /^([+-]?\d+)(?:\.(\d*))?$/.exec(replacement.trim());
  if (m === null) throw new MaskProblem(`Unable to convert ${replacement} (String) to number`);
  const scale = decimalScale(schema);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > scale) throw new MaskProblem(`Replacement ${replacement} has more digits than the Decimal scale ${scale}`);
  return scale > 0 ? `${m[1]}.${frac.padEnd(scale, '0')}` : m[1]!;
}

/** The masked form of a schema'd value: the type's neutral value, or `replacement` converted to the type. */
export function maskWithSchema(schema: Schema, value: unknown, replacement: string | null): unknown {
  if (value === null || value === undefined) return null;
  const logical = logicalTypeOf(schema);
  if (logical === 'Decimal') return replacement === null ? zeroDecimal(schema) : parseDecimal(schema, replacement);
  if (logical !== undefined) {
    if (replacement !== null) throw new MaskProblem(`Cannot mask value of type ${logical} with custom replacement.`);
    return new Date(0);
  }
  switch (schema.type) {
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return replacement === null ? 0 : parseInteger(schema.type, replacement);
    case 'float32':
    case 'float64':
      return replacement === null ? 0 : parseFloating(replacement);
    case 'string':
      return replacement ?? '';
    case 'boolean':
      if (replacement !== null) throw new MaskProblem('Cannot mask value of type boolean with custom replacement.');
      return false;
    case 'array':
    case 'map':
      if (replacement !== null) throw new MaskProblem(`Cannot mask value of type ${schema.type} with custom replacement.`);
      return schema.type === 'array' ? [] : {};
    default:
      throw new MaskProblem(`Cannot mask value of type: ${schema.type}`);
  }
}

/** The masked form of a schemaless value, by its JS type. */
export function maskSchemaless(value: unknown, replacement: string | null): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
      if (replacement !== null) throw new MaskProblem('Cannot mask value of type boolean with custom replacement.');
      return false;
    case 'number':
      if (replacement === null) return 0;
      return Number.isInteger(value) ? parseInteger('int64', replacement) : parseFloating(replacement);
    case 'bigint':
      if (replacement === null) return 0n;
      return BigInt(parseInteger('int64', replacement));
    case 'string':
      return replacement ?? '';
  }
  if (value instanceof Date) {
    if (replacement !== null) throw new MaskProblem('Cannot mask value of type Date with custom replacement.');
    return new Date(0);
  }
  if (Array.isArray(value) || isPlainObject(value) || value instanceof Map) {
    if (replacement !== null) throw new MaskProblem(`Cannot mask value of type ${describeValue(value)} with custom replacement.`);
    return Array.isArray(value) ? [] : {};
  }
  throw new MaskProblem(`Cannot mask value of type: ${describeValue(value)}`);
}
