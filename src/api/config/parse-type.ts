/**
 * Kafka ConfigDef's value rules: turning a raw value (a string from .properties/REST, or an already-typed JSON
 * value) into the typed value, turning a typed value back into the string Kafka Connect shows in REST
 * (`convertToString`), and the "Invalid value X for configuration Y: why" message format.
 */
import { ConfigError } from '../errors.js';
import type { ConfigType } from './config-types.js';
import { HIDDEN, Password } from './password.js';

/** Kafka's `ConfigException(name, value, message)` text. */
export function invalidValueMessage(name: string, value: unknown, message?: string): string {
  return `Invalid value ${javaToString(value)} for configuration ${name}${message === undefined ? '' : `: ${message}`}`;
}

export function invalidValue(name: string, value: unknown, message?: string): ConfigError {
  const text = invalidValueMessage(name, value, message);
  return new ConfigError(text, { [name]: [text] });
}

/** How Java would print a value in an error message (`[a, b]` for lists, `1.0` for doubles, `[hidden]`). */
export function javaToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Password) return HIDDEN;
  if (Array.isArray(value)) return `[${value.map(javaToString).join(', ')}]`;
  if (typeof value === 'number' && !Number.isInteger(value)) return javaDoubleToString(value);
  return String(value);
}

/** Java's `Double.toString`: `1.0`, `0.5`, `1.0E7`, `1.0E-4`, `NaN`, `Infinity`. */
export function javaDoubleToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa = '', exponent = '0'] = n.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/**
 * The string Kafka Connect puts in REST `default_value` / `value` (Kafka's `ConfigDef.convertToString`):
 * lists joined with ",", passwords as `[hidden]`, doubles in Java notation.
 */
export function convertToString(value: unknown, type: ConfigType | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Password) return HIDDEN;
  if (type === 'password') return HIDDEN;
  if (Array.isArray(value)) return value.map((v) => convertToString(v, 'string') ?? '').join(',');
  if (type === 'double' && typeof value === 'number') return javaDoubleToString(value);
  return String(value);
}

const INTEGER = /^[+-]?\d+$/;
// Java's Double.parseDouble decimal forms (hex floats omitted): 1, 1., .5, 1e3, 2.5E-3f, NaN, Infinity.
const DOUBLE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

const INT_BOUNDS = {
  short: [-(2n ** 15n), 2n ** 15n - 1n, '16-bit integer (short)'],
  int: [-(2n ** 31n), 2n ** 31n - 1n, '32-bit integer'],
  long: [-(2n ** 63n), 2n ** 63n - 1n, '64-bit integer (long)'],
} as const;

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function parseInteger(name: string, value: unknown, type: 'short' | 'int' | 'long'): number {
  const [min, max, what] = INT_BOUNDS[type];
  let big: bigint;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!INTEGER.test(trimmed)) throw invalidValue(name, value, `Not a number of type ${type.toUpperCase()}`);
    big = BigInt(trimmed);
  } else if (typeof value === 'number' && Number.isInteger(value)) {
    big = BigInt(value);
  } else if (typeof value === 'bigint') {
    big = value;
  } else {
    throw invalidValue(name, value, `Expected value to be a ${what}, but it was a ${describeType(value)}`);
  }
  if (big < min || big > max) throw invalidValue(name, value, `Not a number of type ${type.toUpperCase()}`);
  // Longs beyond 2^53 lose precision as numbers; the range check above used exact bigint arithmetic.
  return Number(big);
}

function parseString(name: string, value: unknown, what: string): string {
  if (typeof value === 'string') return value.trim();
  // Kafka Connect's REST layer (Jackson into Map<String,String>) turns JSON numbers/booleans into strings.
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw invalidValue(name, value, `Expected value to be ${what}, but it was a ${describeType(value)}`);
}

/**
 * Kafka's `ConfigDef.parseType`. Throws a ConfigError whose message names the key and the bad value.
 * `null`/`undefined` parse to `null`.
 */
export function parseType(name: string, value: unknown, type: ConfigType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        const t = value.trim().toLowerCase();
        if (t === 'true') return true;
        if (t === 'false') return false;
      }
      throw invalidValue(name, value, 'Expected value to be either true or false');
    }
    case 'password':
      if (value instanceof Password) return value;
      if (typeof value === 'string') return new Password(value.trim());
      throw invalidValue(name, value, `Expected value to be a string, but it was a ${describeType(value)}`);
    case 'string':
      return parseString(name, value, 'a string');
    case 'class':
      return parseString(name, value, 'a class name');
    case 'short':
    case 'int':
    case 'long':
      return parseInteger(name, value, type);
    case 'double': {
      if (typeof value === 'number') return value;
      if (typeof value === 'string') {
        const trimmed = value.trim();
        if (DOUBLE.test(trimmed)) return Number(trimmed.replace(/[fFdD]$/, ''));
        throw invalidValue(name, value, 'Not a number of type DOUBLE');
      }
      throw invalidValue(name, value, `Expected value to be a double, but it was a ${describeType(value)}`);
    }
    case 'list': {
      if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : String(v)));
      if (typeof value === 'string') {
        const trimmed = value.trim();
        return trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
      }
      throw invalidValue(name, value, 'Expected a comma separated list.');
    }
  }
}
