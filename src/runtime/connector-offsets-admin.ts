/**
 * Reading and changing a connector's offsets for REST (`GET/PATCH/DELETE /connectors/{name}/offsets`, KIP-875):
 * source offsets live in the offset store, sink offsets in the consumer group `connect-<name>` (or
 * `consumer.override.group.id`). The connector is asked first (`alterOffsets`), as Kafka does. Callers (the
 * herder) make sure the connector is STOPPED: a running sink's group would reject the change.
 */
import { ConnectError } from '../api/errors.js';
import type { Logger } from '../api/logger.js';
import type { SourcePartitionOffset } from '../api/offset-storage-reader.js';
import type { SinkConnector, SinkOffsetChange } from '../api/sink-connector.js';
import type { SourceConnector } from '../api/source-connector.js';
import type { TopicPartitionOffset } from '../api/topic-partition.js';
import { connectorAdminProps, sinkConsumerProps } from '../kafka/connector-client-props.js';
import { KafkaAdmin } from '../kafka/kafka-admin.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { connectorOffsets } from '../storage/connector-offsets.js';
import type { OffsetBackingStore } from '../storage/offset-backing-store.js';
import { offsetFormatError, offsetKey, offsetValue } from '../storage/offset-key.js';
import { connectorInstance } from './task-builder.js';

type Props = Readonly<Record<string, string>>;

export class ConnectorOffsetsAdmin {
  constructor(
    private readonly workerProps: Props,
    private readonly plugins: PluginRegistry,
    private readonly store: OffsetBackingStore,
    private readonly log: Logger,
  ) {}

  /** The sink connector's consumer group id. */
  groupId(name: string, connectorConfig: Props): string {
    return sinkConsumerProps(this.workerProps, connectorConfig, name, 0)['group.id']!;
  }

  async sourceOffsets(name: string): Promise<SourcePartitionOffset[]> {
    return connectorOffsets(this.store, name);
  }

  async sinkOffsets(name: string, connectorConfig: Props): Promise<TopicPartitionOffset[]> {
    return this.#withAdmin(name, connectorConfig, (a) => a.groupOffsets(this.groupId(name, connectorConfig)).then((o) => o.filter((x) => x.offset >= 0)));
  }

  /** Writes (or, with a null offset, erases) source offsets after the connector's alterOffsets accepted them. */
  async alterSourceOffsets(name: string, connectorConfig: Props, offsets: readonly SourcePartitionOffset[]): Promise<void> {
    for (const o of offsets) {
      const bad = offsetFormatError('partition', o.partition) ?? offsetFormatError('offset', o.offset);
      if (bad) throw new ConnectError(`Invalid source offset for connector ${name}: ${bad}`, { code: 'TRIB_OFFSET_INVALID' });
    }
    const { connector } = connectorInstance(this.plugins, connectorConfig['connector.class'] ?? '');
    if (connector.kind !== 'source') throw new ConnectError(`Connector ${name} is not a source connector`, { code: 'TRIB_WRONG_CONNECTOR_KIND' });
    await (connector as SourceConnector).alterOffsets(connectorConfig, offsets);
    const entries = new Map<string, string | null>();
    for (const o of offsets) entries.set(offsetKey(name, o.partition), offsetValue(o.offset));
    await this.store.set(entries);
  }

  /** Erases every committed source offset of the connector. */
  async resetSourceOffsets(name: string, connectorConfig: Props): Promise<void> {
    const current = await this.sourceOffsets(name);
    await this.alterSourceOffsets(name, connectorConfig, current.map((c) => ({ partition: c.partition, offset: null })));
  }

  /** Sets sink consumer-group offsets. A null offset (erase one partition) is not supported by kafkajs; reset erases all. */
  async alterSinkOffsets(name: string, connectorConfig: Props, offsets: readonly SinkOffsetChange[]): Promise<void> {
    const { connector } = connectorInstance(this.plugins, connectorConfig['connector.class'] ?? '');
    if (connector.kind !== 'sink') throw new ConnectError(`Connector ${name} is not a sink connector`, { code: 'TRIB_WRONG_CONNECTOR_KIND' });
    if (offsets.some((o) => o.offset === null)) {
      throw new ConnectError('Erasing the offset of single partitions of a sink connector is not supported; reset all offsets (DELETE) instead', { code: 'TRIB_UNSUPPORTED' });
    }
    await (connector as SinkConnector).alterOffsets(connectorConfig, offsets);
    await this.#withAdmin(name, connectorConfig, (a) =>
      a.setGroupOffsets(this.groupId(name, connectorConfig), offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset! }))),
    );
  }

  /** Deletes the sink connector's consumer group (all its committed offsets). */
  async resetSinkOffsets(name: string, connectorConfig: Props): Promise<void> {
    const { connector } = connectorInstance(this.plugins, connectorConfig['connector.class'] ?? '');
    const current = await this.sinkOffsets(name, connectorConfig);
    await (connector as SinkConnector).alterOffsets(connectorConfig, current.map((o) => ({ topic: o.topic, partition: o.partition, offset: null })));
    await this.#withAdmin(name, connectorConfig, (a) => a.deleteGroup(this.groupId(name, connectorConfig)));
  }

  async #withAdmin<T>(name: string, cc: Props, fn: (a: KafkaAdmin) => Promise<T>): Promise<T> {
    const admin = new KafkaAdmin(connectorAdminProps(this.workerProps, cc, `connector-adminclient-${name}`), this.log);
    try {
      return await fn(admin);
    } finally {
      await admin.close();
    }
  }
}
