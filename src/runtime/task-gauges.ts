/**
 * The runtime's `TaskMetrics` (context.metrics): the gauges one task set, kept while the task runs. GET
 * /metrics exports them as `tributary_task_metric{connector,task,metric,…labels}`; the task status shows
 * them (`metrics` extension field). `version` moves on every change, so a status writer can skip rewriting
 * unchanged values. The test kit uses the same class, so a bad name fails in a plugin's unit test too.
 */
import { ConnectError } from '../api/errors.js';
import type { TaskMetrics } from '../api/task-metrics.js';

export interface TaskGaugeValue {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

interface Series {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  value: number;
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** The labels the exporter adds itself. */
const RESERVED_LABELS = new Set(['connector', 'task', 'metric']);
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});
/** Series per task beyond which new ones are ignored (a label fed with row keys would grow without bound). */
export const MAX_TASK_GAUGES = 1000;

export class TaskGauges implements TaskMetrics {
  readonly #series = new Map<string, Series>();
  readonly #max: number;
  readonly #onLimit: ((name: string) => void) | undefined;
  #limitReported = false;
  #version = 0;

  constructor(options: { maxSeries?: number; onLimit?: (name: string) => void } = {}) {
    this.#max = options.maxSeries ?? MAX_TASK_GAUGES;
    this.#onLimit = options.onLimit;
  }

  setGauge(name: string, value: number, labels?: Readonly<Record<string, string>>): void {
    const key = labels === undefined ? name : seriesKey(name, labels);
    const cur = this.#series.get(key);
    if (cur !== undefined) {
      if (!Object.is(cur.value, value)) {
        checkValue(name, value);
        cur.value = value;
        this.#version++;
      }
      return;
    }
    checkValue(name, value);
    const copy = checkNames(name, labels);
    if (this.#series.size >= this.#max) {
      if (!this.#limitReported) {
        this.#limitReported = true;
        this.#onLimit?.(name);
      }
      return;
    }
    this.#series.set(key, { name, labels: copy, value });
    this.#version++;
  }

  /** Bumped on every change. */
  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#series.size;
  }

  /** The current value of one gauge, or undefined. */
  get(name: string, labels?: Readonly<Record<string, string>>): number | undefined {
    return this.#series.get(labels === undefined ? name : seriesKey(name, labels))?.value;
  }

  /** A snapshot, ordered by name then labels. */
  values(): TaskGaugeValue[] {
    const out: TaskGaugeValue[] = [];
    for (const key of [...this.#series.keys()].sort()) {
      const s = this.#series.get(key)!;
      out.push({ name: s.name, labels: s.labels, value: s.value });
    }
    return out;
  }

  clear(): void {
    if (this.#series.size === 0) return;
    this.#series.clear();
    this.#version++;
  }
}

/** `name` alone, or `name\0k=v\0k=v` with keys sorted (so label order does not make a new series). */
function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return name;
  if (keys.length > 1) keys.sort();
  let key = name;
  for (let i = 0; i < keys.length; i++) key += `\0${keys[i]}=${labels[keys[i]!]}`;
  return key;
}

/** Finite only: the task status is JSON, which has no NaN/Infinity (a NaN made GET …/status answer 500). */
function checkValue(name: string, value: number): void {
  if (typeof value !== 'number') {
    throw new ConnectError(`Task metric ${name}: the value must be a number, got ${typeof value}`, { code: 'TRIB_TASK_METRIC_INVALID' });
  }
  if (!Number.isFinite(value)) {
    throw new ConnectError(`Task metric ${name}: the value must be a finite number, got ${value} (skip the gauge until it has a value)`, { code: 'TRIB_TASK_METRIC_INVALID' });
  }
}

function checkNames(name: string, labels: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  if (!NAME.test(name)) {
    throw new ConnectError(`Task metric name '${name}' is invalid: use letters, digits and '_' (not starting with a digit)`, { code: 'TRIB_TASK_METRIC_INVALID' });
  }
  if (labels === undefined) return NO_LABELS;
  const keys = Object.keys(labels);
  if (keys.length === 0) return NO_LABELS;
  const copy: Record<string, string> = {};
  for (const k of keys.sort()) {
    if (!NAME.test(k) || k.startsWith('__') || RESERVED_LABELS.has(k)) {
      throw new ConnectError(
        `Task metric ${name}: label name '${k}' is invalid: use letters, digits and '_' (not starting with a digit or '__'); connector, task and metric are reserved`,
        { code: 'TRIB_TASK_METRIC_INVALID' },
      );
    }
    const v = labels[k];
    if (typeof v !== 'string') {
      throw new ConnectError(`Task metric ${name}: label ${k} must be a string, got ${typeof v}`, { code: 'TRIB_TASK_METRIC_INVALID' });
    }
    copy[k] = v;
  }
  return Object.freeze(copy);
}
