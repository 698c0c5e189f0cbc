/** datagen: synthetic records with schemas for demos and benchmarks (Confluent kafka-connect-datagen style). */
import type { PluginDescriptor } from '../../src/api/index.js';
import { DATAGEN_VERSION, datagenConfigDef } from './datagen-config.js';
import { DatagenConnector } from './datagen-connector.js';

export { DatagenConnector };

export const descriptors: readonly PluginDescriptor[] = [
  {
    kind: 'source',
    className: 'io.tributary.connect.datagen.DatagenConnector',
    aliases: ['io.confluent.kafka.connect.datagen.DatagenConnector', 'Datagen'],
    version: DATAGEN_VERSION,
    configDef: datagenConfigDef,
    description: 'Synthetic users, orders and pageviews records with schemas; deterministic with random.seed.',
    create: () => new DatagenConnector(),
  },
];
