/** postgres-cdc: Debezium-compatible change data capture from PostgreSQL over logical replication (pgoutput). */
import type { PluginDescriptor } from '../../src/api/index.js';
import { postgresCdcConfigDef, POSTGRES_CDC_VERSION } from './postgres-cdc-config.js';
import { PostgresCdcConnector } from './postgres-cdc-connector.js';

export { PostgresCdcConnector };
export { PostgresCdcTask } from './postgres-cdc-task.js';
export { postgresCdcConfigDef } from './postgres-cdc-config.js';

export const descriptors: readonly PluginDescriptor[] = [
  {
    kind: 'source',
    className: 'io.tributary.connect.postgres.PostgresCdcConnector',
    aliases: ['io.debezium.connector.postgresql.PostgresConnector', 'PostgresConnector', 'PostgresCdc'],
    version: POSTGRES_CDC_VERSION,
    configDef: postgresCdcConfigDef,
    description: 'Debezium-compatible change events from PostgreSQL logical replication (pgoutput): snapshot, then inserts, updates, deletes, truncates.',
    create: () => new PostgresCdcConnector(),
  },
];
