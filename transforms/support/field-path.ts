import { ConfigError, fieldOf, type Field, type Schema } from '../../src/api/index.js';
import { isPlainObject, readField, type PlainObject } from './struct-values.js';

export type FieldSyntaxVersion = 'V1' | 'V2';

/**
 * A field path as Kafka's `SingleFieldPath` (KIP-821). V1: the whole string is one field name. V2: dots
 * separate nested fields; a step wrapped in backticks may contain dots (`` `a.b`.c ``), and a backtick
 * inside a quoted step is escaped with a backslash.
 */
export function parseFieldPath(path: string, version: FieldSyntaxVersion): string[] {
  if (version === 'V1') return [path];
  const steps: string[] = [];
  let idx = 0;
  while (idx < path.length && idx >= 0) {
    if (path[idx] !== '`') {
      const start = idx;
      idx = path.indexOf('.', idx);
      if (idx >= 0) {
        steps.push(path.slice(start, idx));
        idx++;
      } else {
        steps.push(path.slice(start));
      }
      continue;
    }
    const start = idx + 1;
    let at = start;
    for (;;) {
      at = path.indexOf('`', at);
      if (at < 0) {
        throw new ConfigError(`Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${idx} to escape it`);
      }
      if (at === path.length - 1) {
        steps.push(unescape(path.slice(start, at)));
        idx = -1;
        break;
      }
      if (path[at + 1] === '.' && path[at - 1] !== '\\') {
        steps.push(unescape(path.slice(start, at)));
        idx = at + 2;
        break;
      }
      at++;
    }
  }
  if (path.length > 0 && path[path.length - 1] === '.') steps.push('');
  return steps;
}

function unescape(step: string): string {
  return step.replaceAll('\\`', '`');
}

/** The field at the end of `steps` in `schema`, or undefined (also when a step is not a struct). */
export function fieldAtPath(schema: Schema, steps: readonly string[]): Field | undefined {
  let current: Schema = schema;
  let field: Field | undefined;
  for (let i = 0; i < steps.length; i++) {
    if (current.type !== 'struct') return undefined;
    field = fieldOf(current, steps[i]!);
    if (field === undefined) return undefined;
    current = field.schema;
  }
  return field;
}

/** The value at the end of `steps` in a struct value (null when a step is missing or null). */
export function structValueAtPath(
  schema: Schema,
  value: PlainObject,
  steps: readonly string[],
  replaceNullWithDefault: boolean,
): unknown {
  let s: Schema = schema;
  let v: unknown = value;
  for (let i = 0; i < steps.length; i++) {
    if (!isPlainObject(v)) return null;
    const f = fieldOf(s, steps[i]!);
    if (f === undefined) return null;
    v = readField(v, f, replaceNullWithDefault);
    s = f.schema;
  }
  return v;
}

/** The value at the end of `steps` in a schemaless map (null when a step is missing or not a map). */
export function mapValueAtPath(value: PlainObject, steps: readonly string[]): unknown {
  let v: unknown = value;
  for (let i = 0; i < steps.length; i++) {
    if (!isPlainObject(v)) return null;
    v = v[steps[i]!];
    if (v === undefined) return null;
  }
  return v;
}
