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
 * name, then a case-insensitive match, among the requested kinds. One class may be several kinds — Kafka's
 * JsonConverter is both a converter and a header converter — so names are unique per kind: an explicit
 * name (class name or alias) claimed twice for the same kind is a load-time error, so a config never
 * resolves ambiguously; a derived simple name (after the last '.') stays with the first plugin that has it.
 */
export class PluginRegistry {
  readonly #byName = new Map<string, PluginDescriptor[]>();
  readonly #byLowerName = new Map<string, PluginDescriptor[]>();
  readonly #explicit = new Map<string, PluginDescriptor>();
  readonly #all: PluginDescriptor[] = [];

  register(descriptor: PluginDescriptor, origin = 'built-in'): void {
    const explicit = [...new Set([descriptor.className, ...(descriptor.aliases ?? [])])];
    for (const name of explicit) {
      const owner = this.#explicit.get(`${descriptor.kind}\0${name}`);
      if (owner) throw new ConfigError(`Plugin name '${name}' from ${origin} is already taken by ${owner.className}.`);
    }
    for (const name of explicit) {
      this.#explicit.set(`${descriptor.kind}\0${name}`, descriptor);
      this.#index(this.#byName, name, descriptor, true);
      this.#index(this.#byLowerName, name.toLowerCase(), descriptor, true);
    }
    const simple = simpleName(descriptor.className);
    this.#index(this.#byName, simple, descriptor, false);
    this.#index(this.#byLowerName, simple.toLowerCase(), descriptor, false);
    this.#all.push(descriptor);
  }

  /** Adds `d` under `name`; a derived name is added only when no plugin of the same kind has it yet. */
  #index(map: Map<string, PluginDescriptor[]>, name: string, d: PluginDescriptor, explicit: boolean): void {
    const list = map.get(name) ?? [];
    const sameKind = list.findIndex((x) => x.kind === d.kind);
    if (sameKind >= 0) {
      if (!explicit || list[sameKind] === d) return;
      list.splice(sameKind, 1); // an explicit name beats another plugin's derived simple name
    }
    list.push(d);
    map.set(name, list);
  }

  /** Every registered plugin, optionally of some kinds, sorted by class name then kind. */
  list(kinds?: readonly PluginKind[]): PluginDescriptor[] {
    const out = kinds ? this.#all.filter((d) => kinds.includes(d.kind)) : [...this.#all];
    return out.sort((a, b) => a.className.localeCompare(b.className) || a.kind.localeCompare(b.kind));
  }

  /** The plugin named `name` among `kinds` (all kinds when omitted), or undefined. */
  find(name: string, kinds?: readonly PluginKind[]): PluginDescriptor | undefined {
    const trimmed = name.trim();
    const pick = (list: PluginDescriptor[] | undefined) => list?.find((d) => !kinds || kinds.includes(d.kind));
    return pick(this.#byName.get(trimmed)) ?? pick(this.#byLowerName.get(trimmed.toLowerCase()));
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
