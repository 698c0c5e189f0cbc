/**
 * The three internal topics of a distributed cluster, created when missing as Kafka Connect creates them:
 * always `cleanup.policy=compact` (a user override is ignored), partitions and replication factor from
 * `<prefix>partitions` / `<prefix>replication.factor` (-1 = the broker's default), and any other
 * `<prefix>*` key passed through as a topic config. The config topic always has exactly one partition —
 * its order is the cluster's order of config changes — and a worker refuses to start on one that has more.
 */
import { ConfigError } from '../api/errors.js';
import type { KafkaAdmin, NewTopic } from '../kafka/kafka-admin.js';

export type InternalTopicKind = 'config' | 'offset' | 'status';

const DEFAULT_PARTITIONS: Record<InternalTopicKind, number> = { config: 1, offset: 25, status: 5 };
const OWN_KEYS = new Set(['topic', 'partitions', 'replication.factor']);

function intOr(props: Readonly<Record<string, string | undefined>>, key: string, dflt: number): number {
  const v = props[key];
  if (v === undefined || v.trim() === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || (n < 1 && n !== -1)) throw new ConfigError(`${key} must be a positive integer or -1`, { [key]: [`invalid value '${v}'`] });
  return n;
}

/** The topic spec for `kind` from worker properties (`config.storage.topic`, …). */
export function internalTopicSpec(kind: InternalTopicKind, worker: Readonly<Record<string, string | undefined>>): NewTopic {
  const prefix = `${kind}.storage.`;
  const topic = worker[`${prefix}topic`];
  if (topic === undefined || topic.trim() === '') {
    throw new ConfigError(`${prefix}topic is required in distributed mode`, { [`${prefix}topic`]: ['required, e.g. connect-' + (kind === 'config' ? 'configs' : kind === 'offset' ? 'offsets' : 'status')] });
  }
  const configs: Record<string, string> = {};
  for (const [k, v] of Object.entries(worker)) {
    if (v === undefined || !k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    if (!OWN_KEYS.has(rest)) configs[rest] = v;
  }
  configs['cleanup.policy'] = 'compact';
  return {
    topic: topic.trim(),
    // config.storage.partitions is ignored on purpose (Kafka Connect does the same)
    partitions: kind === 'config' ? 1 : intOr(worker, `${prefix}partitions`, DEFAULT_PARTITIONS[kind]),
    replicationFactor: intOr(worker, `${prefix}replication.factor`, 3),
    configs,
  };
}

/** Creates the topic if missing; for the config topic, checks it has exactly one partition. */
export async function ensureInternalTopic(admin: KafkaAdmin, kind: InternalTopicKind, worker: Readonly<Record<string, string | undefined>>): Promise<string> {
  const spec = internalTopicSpec(kind, worker);
  await admin.createTopicIfMissing(spec);
  if (kind === 'config') {
    const n = await admin.partitionCount(spec.topic);
    if (n !== 1) {
      throw new ConfigError(`config topic '${spec.topic}' has ${n} partitions; it must have exactly one (its order is the order of config changes). Point config.storage.topic at a new topic.`, {
        'config.storage.topic': [`topic has ${n} partitions, expected 1`],
      });
    }
  }
  return spec.topic;
}
