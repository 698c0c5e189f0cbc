/**
 * Distributed-only worker keys the herder itself reads (Kafka Connect's DistributedConfig): which
 * sub-protocols to offer and KIP-507's session key / request signature settings. Parsed from the worker
 * properties; unknown keys are ignored. `eager` is Kafka's third protocol; Tributary only does incremental
 * cooperative rebalancing, so it is refused with a message saying so.
 */
import { defineConfig, type ConfigOf } from '../../api/config/define-config.js';
import { ConfigError } from '../../api/errors.js';
import { invalidValue } from '../../api/config/parse-type.js';
import { atLeast, describedAs, oneOf } from '../../api/config/validators.js';
import { SUPPORTED_ALGORITHMS } from './request-signature.js';

const group = 'Distributed';
const algorithm = describedAs(`[${SUPPORTED_ALGORITHMS.join(', ')}]`, (name, value) => {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw invalidValue(name, value, 'At least one signature verification algorithm must be provided');
  for (const v of list) {
    if (typeof v !== 'string' || !SUPPORTED_ALGORITHMS.includes(v)) throw invalidValue(name, v, `Unsupported algorithm; use one of ${SUPPORTED_ALGORITHMS.join(', ')}`);
  }
});

export const distributedConfigDef = defineConfig({
  'connect.protocol': {
    type: 'string', default: 'sessioned', validator: oneOf('compatible', 'sessioned'), importance: 'low', group,
    doc: 'The group sub-protocol: sessioned (incremental cooperative rebalancing, with a session key the leader distributes and signed inter-worker requests) or compatible (the same without signing). Kafka Connect\'s eager is not supported.',
  },
  'inter.worker.key.generation.algorithm': {
    type: 'string', default: 'HmacSHA256', validator: algorithm, importance: 'low', group,
    doc: 'The algorithm of the session keys the leader generates.',
  },
  'inter.worker.key.size': {
    type: 'int', default: null, validator: atLeast(8), importance: 'low', group,
    doc: 'Session key size in bits; by default the algorithm\'s usual size (256 bits for HmacSHA256).',
  },
  'inter.worker.key.ttl.ms': {
    type: 'int', default: 3_600_000, validator: atLeast(0), importance: 'low', group,
    doc: 'How long a session key is used before the leader distributes a new one.',
  },
  'inter.worker.signature.algorithm': {
    type: 'string', default: 'HmacSHA256', validator: algorithm, importance: 'low', group,
    doc: 'The algorithm this worker signs internal requests with; must be in inter.worker.verification.algorithms.',
  },
  'inter.worker.verification.algorithms': {
    type: 'list', default: ['HmacSHA256'], validator: algorithm, importance: 'low', group,
    doc: 'Algorithms this worker accepts on signed internal requests.',
  },
});

export type DistributedConfig = ConfigOf<typeof distributedConfigDef>;

export function parseDistributedConfig(props: Readonly<Record<string, string>>): DistributedConfig {
  if (props['connect.protocol'] === 'eager') {
    throw new ConfigError('connect.protocol=eager is not supported by Tributary (incremental cooperative rebalancing only); use sessioned or compatible', {
      'connect.protocol': ['eager is not supported; use sessioned or compatible'],
    });
  }
  const config = distributedConfigDef.parse(props);
  if (!config['inter.worker.verification.algorithms'].includes(config['inter.worker.signature.algorithm'])) {
    const message = 'Signature algorithm must be present in inter.worker.verification.algorithms list';
    throw new ConfigError(`Invalid value ${config['inter.worker.signature.algorithm']} for configuration inter.worker.signature.algorithm: ${message}`, {
      'inter.worker.signature.algorithm': [message],
    });
  }
  return config;
}
