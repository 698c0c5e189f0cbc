/** connect-jdbc: JDBC source and sink for PostgreSQL, config-compatible with Confluent's kafka-connect-jdbc. */
import type { PluginDescriptor } from '../../src/api/index.js';
import { JDBC_CONNECTOR_VERSION } from './jdbc-common-config.js';
import { jdbcSinkConfigDef } from './sink/jdbc-sink-config.js';
import { JdbcSinkConnector } from './sink/jdbc-sink-connector.js';
import { JdbcSinkTask } from './sink/jdbc-sink-task.js';
import { jdbcSourceConfigDef } from './source/jdbc-source-config.js';
import { JdbcSourceConnector } from './source/jdbc-source-connector.js';
import { JdbcSourceTask } from './source/jdbc-source-task.js';

export { JdbcSourceConnector, JdbcSourceTask, JdbcSinkConnector, JdbcSinkTask, jdbcSourceConfigDef, jdbcSinkConfigDef };

export const descriptors: readonly PluginDescriptor[] = [
  {
    kind: 'source',
    className: 'io.tributary.connect.jdbc.JdbcSourceConnector',
    aliases: ['io.confluent.connect.jdbc.JdbcSourceConnector', 'JdbcSourceConnector'],
    version: JDBC_CONNECTOR_VERSION,
    configDef: jdbcSourceConfigDef,
    description: 'PostgreSQL tables or a query into topics: bulk, incrementing, timestamp or timestamp+incrementing polling.',
    create: () => new JdbcSourceConnector(),
  },
  {
    kind: 'sink',
    className: 'io.tributary.connect.jdbc.JdbcSinkConnector',
    aliases: ['io.confluent.connect.jdbc.JdbcSinkConnector', 'JdbcSinkConnector'],
    version: JDBC_CONNECTOR_VERSION,
    configDef: jdbcSinkConfigDef,
    description: 'Records into PostgreSQL tables: insert, upsert or update in set-based statements, deletes, auto create/evolve.',
    create: () => new JdbcSinkConnector(),
  },
];
