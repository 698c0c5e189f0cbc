/**
 * Validators for `defineConfig` keys, with Kafka ConfigDef's messages ("Value must be at least 1",
 * "String must be one of: none, all"). A custom validator is any `(name, value) => void` that throws;
 * give it a docs description with `describedAs`.
 */
import { ConfigError } from '../errors.js';
import type { Validator } from './config-types.js';
import { invalidValue, invalidValueMessage } from './parse-type.js';

/** Attaches a docs description ("valid values") to a validator function. */
export function describedAs(description: string, fn: (name: string, value: unknown) => void): Validator {
  return Object.assign((name: string, value: unknown) => fn(name, value), { description });
}

function bounds(min: number | undefined, max: number | undefined): string {
  if (min === undefined && max === undefined) return '[...]';
  if (min === undefined) return `[...,${max}]`;
  if (max === undefined) return `[${min},...]`;
  return `[${min},...,${max}]`;
}

/** Number in [min, max] (either bound may be undefined). Null is rejected, as in Kafka's `Range`. */
export function range(min: number | undefined, max: number | undefined): Validator {
  return describedAs(bounds(min, max), (name, value) => {
    if (value === null || value === undefined) throw invalidValue(name, null, 'Value must be non-null');
    const n = Number(value);
    if (min !== undefined && n < min) throw invalidValue(name, value, `Value must be at least ${min}`);
    if (max !== undefined && n > max) throw invalidValue(name, value, `Value must be no more than ${max}`);
  });
}

export const atLeast = (min: number): Validator => range(min, undefined);
export const atMost = (max: number): Validator => range(undefined, max);

/** A `oneOf` validator; `allowed` also narrows the key's parsed type to the union of the values. */
export type OneOfValidator<V extends string> = Validator & { readonly allowed: readonly V[] };

/** String equal to one of `values` (case-sensitive, like Kafka's `ValidString.in`). */
export function oneOf<V extends string>(...values: readonly V[]): OneOfValidator<V> {
  const check = describedAs(`[${values.join(', ')}]`, (name, value) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw invalidValue(name, value, `String must be one of: ${values.join(', ')}`);
    }
  });
  return Object.assign(check, { allowed: values });
}

/** Like `oneOf`, ignoring case (Kafka's `CaseInsensitiveValidString`). */
export function oneOfIgnoreCase(...values: readonly string[]): Validator {
  const upper = values.map((v) => v.toUpperCase());
  return describedAs(`(case insensitive) [${upper.join(', ')}]`, (name, value) => {
    if (typeof value !== 'string' || !upper.includes(value.toUpperCase())) {
      throw invalidValue(name, value, `String must be one of (case insensitive): ${upper.join(', ')}`);
    }
  });
}

/** A non-empty string; null passes (Kafka's `NonEmptyString`). */
export const nonEmptyString: Validator = describedAs('non-empty string', (name, value) => {
  if (value === '') throw invalidValue(name, value, 'String must be non-empty');
});

/** Neither null nor empty (string or list). */
export const nonNullOrEmpty: Validator = describedAs('non-null and non-empty', (name, value) => {
  if (value === null || value === undefined) throw invalidValue(name, null, 'Value must be non-null');
  if (value === '' || (Array.isArray(value) && value.length === 0)) {
    throw invalidValue(name, value, 'Value must be non-empty');
  }
});

/** A string that matches `re` entirely; null passes. */
export function regex(re: RegExp): Validator {
  const whole = new RegExp(`^(?:${re.source})$`, re.flags.replace(/[gy]/g, ''));
  return describedAs(`matches ${re.source}`, (name, value) => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'string' || !whole.test(value)) {
      throw invalidValue(name, value, `Value must match the regular expression ${re.source}`);
    }
  });
}

/** A string that compiles as a regular expression (for keys like `topics.regex`); null/empty pass. */
export const validRegex: Validator = describedAs('valid regex', (name, value) => {
  if (typeof value !== 'string' || value === '') return;
  try {
    new RegExp(value);
  } catch (err) {
    throw invalidValue(name, value, `Invalid regex: ${(err as Error).message}`);
  }
});

/** Applies `validator` to every element of a list value; null passes. */
export function listOf(validator: Validator): Validator {
  return describedAs(validator.description ?? '', (name, value) => {
    if (!Array.isArray(value)) return;
    for (const element of value) validator(name, element);
  });
}

/** All of the validators, in order (Kafka's `CompositeValidator`). */
export function allOf(...validators: readonly Validator[]): Validator {
  const description = validators.map((v) => v.description).filter((d) => d).join(', ');
  return describedAs(description, (name, value) => {
    for (const v of validators) v(name, value);
  });
}

/**
 * Non-empty string without ISO control characters (Kafka's `NonEmptyStringWithoutControlChars`, used for
 * connector names). Null passes: a missing required value is reported by the "Missing required" check.
 */
export const nonEmptyStringWithoutControlChars: Validator = describedAs(
  'non-empty string without ISO control characters',
  (name, value) => {
    if (value === null || value === undefined) return;
    if (value === '') throw invalidValue(name, value, 'String may not be empty');
    const codes: number[] = [];
    for (const ch of String(value)) {
      const cp = ch.codePointAt(0) as number;
      if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) codes.push(cp);
    }
    if (codes.length > 0) {
      throw invalidValue(
        name,
        value,
        `String may not contain control sequences but had the following ASCII chars: ${codes.join(', ')}`,
      );
    }
  },
);

/**
 * Runs a validator and returns its error message, or undefined when the value is valid. Errors that are not
 * ConfigErrors (custom validators) are wrapped in Kafka's "Invalid value X for configuration Y: …" form.
 */
export function validationMessage(validator: Validator, name: string, value: unknown): string | undefined {
  try {
    validator(name, value);
    return undefined;
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    const why = err instanceof Error ? err.message : String(err);
    return invalidValueMessage(name, value, why);
  }
}
