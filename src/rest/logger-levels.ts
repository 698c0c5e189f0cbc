/**
 * Log levels changed at run time (`/admin/loggers`, KIP-495) over a pino root logger. pino children copy the
 * level when they are made, so changing the root alone would not reach them: every child is tracked (pino's
 * `onChild` hook, inherited by grandchildren) under a dotted name built from its bindings —
 * `connector.<name>`, `connector.<name>.task.<id>`, or its `name`/`component` binding — and a level set on a
 * name applies to that logger and every logger below it, now and when created later (log4j's hierarchy).
 * `root` is the root logger and everything under it.
 */
import type { Logger as PinoLogger } from 'pino';

/** log4j's level names as Kafka answers them ↔ pino's. */
const TO_PINO: Record<string, string> = {
  OFF: 'silent', FATAL: 'fatal', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug', TRACE: 'trace',
};
const FROM_PINO: Record<string, string> = Object.fromEntries(Object.entries(TO_PINO).map(([k, v]) => [v, k]));

export const ROOT_LOGGER = 'root';

export interface LoggerLevel {
  readonly level: string;
  readonly last_modified?: number;
}

export class InvalidLogLevelError extends Error {}

export class LoggerLevels {
  readonly #root: PinoLogger;
  readonly #children = new Map<string, Set<WeakRef<PinoLogger>>>();
  /** Levels set through the API: name → (pino level, when). */
  readonly #set = new Map<string, { level: string; at: number }>();
  readonly #now: () => number;

  constructor(root: PinoLogger, now: () => number = Date.now) {
    this.#root = root;
    this.#now = now;
    const previous = root.onChild;
    root.onChild = (child: PinoLogger) => {
      previous?.call(root, child);
      this.#track(child);
    };
  }

  /** Every known logger (root, each named child, each name set explicitly) with its level. */
  all(): Record<string, LoggerLevel> {
    const names = new Set<string>([ROOT_LOGGER, ...this.#set.keys()]);
    for (const name of this.#children.keys()) if (this.#live(name).length > 0) names.add(name);
    const out: Record<string, LoggerLevel> = {};
    for (const name of [...names].sort()) out[name] = this.get(name)!;
    return out;
  }

  /** undefined for a name never seen. */
  get(name: string): LoggerLevel | undefined {
    const set = this.#set.get(name);
    if (name === ROOT_LOGGER) return this.#shown(this.#root.level, set?.at);
    const live = this.#live(name);
    if (set === undefined && live.length === 0) return undefined;
    const level = live[0]?.level ?? set?.level ?? this.#effective(name);
    return this.#shown(level, set?.at);
  }

  /** Sets `level` (log4j name, any case) on `name` and every logger below it; answers the affected names. */
  set(name: string, level: string): string[] {
    const pinoLevel = TO_PINO[level.trim().toUpperCase()];
    if (pinoLevel === undefined) throw new InvalidLogLevelError(`Invalid log level '${level}'.`);
    const at = this.#now();
    if (name === ROOT_LOGGER) {
      this.#set.clear(); // as log4j: setting the root resets every logger to it
      this.#root.level = pinoLevel;
    }
    this.#set.set(name, { level: pinoLevel, at });
    const affected = new Set<string>([name]);
    for (const [child] of this.#children) {
      if (!under(child, name)) continue;
      for (const l of this.#live(child)) l.level = pinoLevel;
      affected.add(child);
      if (child !== name) this.#set.delete(child);
    }
    return [...affected].sort();
  }

  #shown(pinoLevel: string, at: number | undefined): LoggerLevel {
    const level = FROM_PINO[pinoLevel] ?? pinoLevel.toUpperCase();
    return at === undefined ? { level } : { level, last_modified: at };
  }

  /** The level a new logger called `name` gets: the nearest explicitly set ancestor's, else none. */
  #effective(name: string): string {
    let best: { len: number; level: string } | undefined;
    for (const [set, { level }] of this.#set) {
      if (set === ROOT_LOGGER || !under(name, set)) continue;
      if (best === undefined || set.length > best.len) best = { len: set.length, level };
    }
    return best?.level ?? this.#root.level;
  }

  #track(child: PinoLogger): void {
    const name = loggerName(child.bindings());
    if (name === undefined) return;
    let refs = this.#children.get(name);
    if (refs === undefined) this.#children.set(name, (refs = new Set()));
    refs.add(new WeakRef(child));
    const own = [...this.#set.keys()].some((s) => s !== ROOT_LOGGER && under(name, s));
    if (own) child.level = this.#effective(name);
  }

  #live(name: string): PinoLogger[] {
    const refs = this.#children.get(name);
    if (refs === undefined) return [];
    const out: PinoLogger[] = [];
    for (const r of refs) {
      const l = r.deref();
      if (l === undefined) refs.delete(r);
      else out.push(l);
    }
    return out;
  }
}

/** True when `name` is `parent` or below it (`parent.` prefix); everything is under root. */
function under(name: string, parent: string): boolean {
  return parent === ROOT_LOGGER || name === parent || name.startsWith(`${parent}.`);
}

/** A child's dotted name from its (merged) bindings, or undefined when nothing names it. */
export function loggerName(bindings: Record<string, unknown>): string | undefined {
  const connector = bindings['connector'];
  if (typeof connector === 'string' && connector !== '') {
    const task = bindings['task'];
    return task === undefined || task === null ? `connector.${connector}` : `connector.${connector}.task.${String(task)}`;
  }
  for (const key of ['name', 'component', 'module']) {
    const v = bindings[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}
