import { ConfigError } from '../api/errors.js';
import type { PluginDescriptor, PluginKind } from '../api/plugin-descriptor.js';
import { closestNames } from './closest-names.js';

/** Thrown when a class name resolves to no plugin; the message lists the closest known names. */
export class UnknownPluginError extends ConfigError {
  readonly suggestions: readonly string[];
  constructor(name: string, kinds: readonly PluginKind[], suggestions: readonly string[], key?: string) {
    const hint = suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : '';
    const what = kinds.length === 1 ? kinds[0]!.replace('_', ' ') : 'plugin';
    super(`Unknown ${what} class '${name}'.${hint}`, key ? { [key]: [`Unknown class '${name}'.${hint}`] } : {});
    this.suggestions = suggestions;
  }
}

/**
 * Indexes plugin descriptors by canonical class name, aliases and simple names. A lookup tries the exact
 * name, then a case-insensitive match. Explicit names (class name and aliases) must be unique — a clash is
 * a load-time error, so a config never resolves ambiguously; a derived simple name (the part after the
 * last '.') stays with the first plugin that has it.
 */
export class PluginRegistry {
  readonly #byName = new Map<string, PluginDescriptor>();
  readonly #byLowerName = new Map<string, PluginDescriptor>();
  readonly #explicit = new Set<string>();
  readonly #all: PluginDescriptor[] = [];

  register(descriptor: PluginDescriptor, origin = 'built-in'): void {
    const explicit = [descriptor.className, ...(descriptor.aliases ?? [])];
    for (const name of explicit) {
      if (this.#explicit.has(name)) {
        const owner = this.#byName.get(name)!;
        throw new ConfigError(`Plugin name '${name}' from ${origin} is already taken by ${owner.className}.`);
      }
    }
    for (const name of explicit) {
      this.#explicit.add(name);
      this.#index(name, descriptor, true);
    }
    this.#index(simpleName(descriptor.className), descriptor, false);
    this.#all.push(descriptor);
  }

  #index(name: string, d: PluginDescriptor, explicit: boolean): void {
    if (explicit || !this.#byName.has(name)) this.#byName.set(name, d);
    const lower = name.toLowerCase();
    if (explicit || !this.#byLowerName.has(lower)) this.#byLowerName.set(lower, d);
  }

  /** Every registered plugin, optionally of some kinds, sorted by class name. */
  list(kinds?: readonly PluginKind[]): PluginDescriptor[] {
    const out = kinds ? this.#all.filter((d) => kinds.includes(d.kind)) : [...this.#all];
    return out.sort((a, b) => a.className.localeCompare(b.className));
  }

  /** The plugin named `name` among `kinds`, or undefined. */
  find(name: string, kinds?: readonly PluginKind[]): PluginDescriptor | undefined {
    const trimmed = name.trim();
    const d = this.#byName.get(trimmed) ?? this.#byLowerName.get(trimmed.toLowerCase());
    if (d === undefined || (kinds && !kinds.includes(d.kind))) return undefined;
    return d;
  }

  /** Like `find`, but an unknown name throws `UnknownPluginError` naming the closest known names. */
  resolve(name: string, kinds: readonly PluginKind[], configKey?: string): PluginDescriptor {
    const d = this.find(name, kinds);
    if (d) return d;
    const known = new Set<string>();
    for (const p of this.#all) {
      if (!kinds.includes(p.kind)) continue;
      known.add(p.className);
      for (const a of p.aliases ?? []) known.add(a);
    }
    throw new UnknownPluginError(name, kinds, closestNames(name, known), configKey);
  }
}

function simpleName(className: string): string {
  return className.slice(className.lastIndexOf('.') + 1);
}
