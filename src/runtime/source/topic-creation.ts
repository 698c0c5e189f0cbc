/**
 * KIP-158 topic creation for source connectors: when the worker has `topic.creation.enable=true` and the
 * connector sets `topic.creation.*`, a topic the task is about to write to for the first time is created (if
 * missing) with the settings of the first group whose `include` regexes match and `exclude` don't
 * (`topic.creation.groups` in order, then `default`, which includes everything). Each group has
 * `replication.factor`, `partitions` (-1 = broker default; unset = the default group's) and any topic config
 * (`cleanup.policy`, …) as `topic.creation.<group>.<config>`.
 */
import { ConfigError } from '../../api/errors.js';
import { subConfig } from '../../api/config/sub-config.js';
import type { NewTopic } from '../../kafka/kafka-admin.js';

interface Group {
  readonly name: string;
  readonly include: RegExp[];
  readonly exclude: RegExp[];
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Record<string, string>;
}

const PREFIX = 'topic.creation.';
const OWN_KEYS = new Set(['include', 'exclude', 'partitions', 'replication.factor']);

function regexList(config: Readonly<Record<string, string>>, key: string): RegExp[] {
  const out: RegExp[] = [];
  for (const s of (config[key] ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    try {
      out.push(new RegExp(`^(?:${s})$`));
    } catch (err) {
      throw new ConfigError(`${key}: invalid regex '${s}'`, { [key]: [(err as Error).message] });
    }
  }
  return out;
}

function intKey(config: Readonly<Record<string, string>>, key: string, fallback: number | undefined): number {
  const v = config[key]?.trim();
  if (v === undefined || v === '') {
    if (fallback === undefined) throw new ConfigError(`${key} is required when topic.creation.* is used`, { [key]: ['Missing required configuration'] });
    return fallback;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || (n < 1 && n !== -1)) throw new ConfigError(`${key} must be a positive integer or -1`, { [key]: [`invalid value '${v}'`] });
  return n;
}

export class TopicCreation {
  readonly #groups: readonly Group[];
  readonly #known = new Set<string>();

  private constructor(groups: Group[]) {
    this.#groups = groups;
  }

  /** null when topic creation is off for this connector (worker disabled it or no topic.creation.* keys). */
  static fromConfig(connectorConfig: Readonly<Record<string, string>>, workerEnabled: boolean): TopicCreation | null {
    if (!workerEnabled) return null;
    if (!Object.keys(connectorConfig).some((k) => k.startsWith(`${PREFIX}default.`))) return null;
    const defRf = intKey(connectorConfig, `${PREFIX}default.replication.factor`, undefined);
    const defParts = intKey(connectorConfig, `${PREFIX}default.partitions`, undefined);
    const names = (connectorConfig[`${PREFIX}groups`] ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== 'default');
    const groups: Group[] = [];
    for (const name of [...names, 'default']) {
      const p = `${PREFIX}${name}.`;
      const configs: Record<string, string> = {};
      for (const [k, v] of Object.entries(subConfig(connectorConfig, p))) if (!OWN_KEYS.has(k)) configs[k] = v;
      groups.push({
        name,
        include: name === 'default' ? [/^.*$/] : regexList(connectorConfig, `${p}include`),
        exclude: regexList(connectorConfig, `${p}exclude`),
        partitions: intKey(connectorConfig, `${p}partitions`, defParts),
        replicationFactor: intKey(connectorConfig, `${p}replication.factor`, defRf),
        configs,
      });
    }
    // non-default groups inherit the default group's topic configs they don't set
    const def = groups[groups.length - 1]!;
    for (const g of groups) if (g !== def) Object.assign(g.configs, { ...def.configs, ...g.configs });
    return new TopicCreation(groups);
  }

  /** True when `topic` was not seen yet (the caller then creates it if missing and calls markKnown). */
  isNew(topic: string): boolean {
    return !this.#known.has(topic);
  }

  markKnown(topic: string): void {
    this.#known.add(topic);
  }

  /** The creation request for `topic` per the first matching group. */
  newTopic(topic: string): NewTopic & { group: string } {
    for (const g of this.#groups) {
      if (g.include.some((r) => r.test(topic)) && !g.exclude.some((r) => r.test(topic))) {
        return { topic, partitions: g.partitions, replicationFactor: g.replicationFactor, configs: g.configs, group: g.name };
      }
    }
    const d = this.#groups[this.#groups.length - 1]!;
    return { topic, partitions: d.partitions, replicationFactor: d.replicationFactor, configs: d.configs, group: d.name };
  }
}
