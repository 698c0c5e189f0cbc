/**
 * A secret config value. Its string, JSON and `util.inspect` forms are all `[hidden]`, so a parsed config
 * can be logged or returned over REST without leaking the secret. Read the secret with `.value()`.
 */
export const HIDDEN = '[hidden]';

// Symbol.for keeps src/api free of node imports while still hooking util.inspect / console.log.
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

export class Password {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret itself. Call only where the secret is actually used (e.g. when opening a connection). */
  value(): string {
    return this.#value;
  }
  equals(other: unknown): boolean {
    return other instanceof Password && other.#value === this.#value;
  }
  toString(): string {
    return HIDDEN;
  }
  toJSON(): string {
    return HIDDEN;
  }
  [inspectCustom](): string {
    return `Password ${HIDDEN}`;
  }
}
