/**
 * The part of the runtime's Worker (src/runtime/README.md) a herder drives. Declared here as an interface so
 * the herder states exactly what it relies on; the runtime's `Worker` satisfies it structurally.
 */
import type { SourcePartitionOffset } from '../../api/offset-storage-reader.js';
import type { SourceOffset, SourcePartition } from '../../api/records.js';
import type { SinkOffsetChange } from '../../api/sink-connector.js';
import type { TopicPartitionOffset } from '../../api/topic-partition.js';
import type { State, Status, TargetState, TaskId } from '../../runtime/status.js';
import type { TaskGaugeValue } from '../../runtime/task-gauges.js';

export interface HerderWorker {
  startConnector(name: string, rawConfig: Record<string, string>, targetState: TargetState): Promise<State>;
  connectorTaskConfigs(name: string, maxTasks: number): Promise<Record<string, string>[]>;
  startTask(id: TaskId, connectorConfig: Record<string, string>, taskConfig: Record<string, string>, targetState: TargetState): Promise<boolean>;
  stopTasks(ids: TaskId[]): Promise<void>;
  stopConnector(name: string): Promise<void>;
  setTargetState(name: string, state: TargetState): Promise<void>;
  connectorState(name: string): Status | undefined;
  taskStates(name: string): Array<Status & { id: number }>;
  /** Tasks currently running (or stopping) on this worker. */
  taskIds(connector?: string): TaskId[];
  /** Optional: gauges a running task set through `context.metrics` (shown in its status). */
  taskMetrics?(id: TaskId): readonly TaskGaugeValue[];
  /** Drops the last reported statuses of a deleted connector. */
  forgetStatus(name: string): void;
  /**
   * Optional hook: topics the connector's tasks have produced to or consumed from (the runtime's Worker records
   * them as records flow). The standalone herder adds a sink's configured `topics` once its tasks start.
   */
  activeTopics?(connector: string): string[];
  /** Optional hook: forgets the connector's active topics. */
  resetActiveTopics?(connector: string): Promise<void>;
  sourceOffsets(connector: string): Promise<Array<{ partition: SourcePartition; offset: SourceOffset | null }>>;
}

/** Reading and changing connectors' offsets (the runtime's ConnectorOffsetsAdmin satisfies it). */
export interface HerderOffsetsAdmin {
  sourceOffsets(name: string): Promise<SourcePartitionOffset[]>;
  sinkOffsets(name: string, connectorConfig: Readonly<Record<string, string>>): Promise<TopicPartitionOffset[]>;
  alterSourceOffsets(name: string, connectorConfig: Readonly<Record<string, string>>, offsets: readonly SourcePartitionOffset[]): Promise<void>;
  resetSourceOffsets(name: string, connectorConfig: Readonly<Record<string, string>>): Promise<void>;
  alterSinkOffsets(name: string, connectorConfig: Readonly<Record<string, string>>, offsets: readonly SinkOffsetChange[]): Promise<void>;
  resetSinkOffsets(name: string, connectorConfig: Readonly<Record<string, string>>): Promise<void>;
}
