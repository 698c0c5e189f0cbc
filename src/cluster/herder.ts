/**
 * The Herder: what the REST API (and the CLI) asks of a Connect worker — list, create, reconfigure, pause,
 * stop, restart connectors and read their status, in Kafka Connect's JSON shapes. Standalone mode implements
 * it over one local Worker (`standalone/standalone-herder.ts`); distributed mode will implement it over the
 * config/status topics and group membership. REST code depends on this file only.
 *
 * Failures are thrown as the errors in `herder-errors.ts`; REST maps them to status codes.
 */
import type { ConfigInfos, ConfigKeyInfo } from '../api/config/config-infos.js';
import type { SourceOffset, SourcePartition } from '../api/records.js';

export type TargetState = 'RUNNING' | 'PAUSED' | 'STOPPED';
export type ConnectorType = 'source' | 'sink' | 'unknown';

export interface ConnectorTaskId {
  readonly connector: string;
  readonly task: number;
}

/** `GET /connectors/{name}` */
export interface ConnectorInfo {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly tasks: readonly ConnectorTaskId[];
  readonly type: ConnectorType;
}

export interface ConnectorState {
  readonly state: string;
  readonly worker_id: string;
  /** FAILED only; omitted when empty. */
  readonly trace?: string;
}

/** One gauge a task set through `context.metrics` (Tributary extension of the task status). */
export interface TaskMetricInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface TaskState extends ConnectorState {
  readonly id: number;
  /** Tributary extension: the task's own gauges (`context.metrics.setGauge`); omitted when it set none. */
  readonly metrics?: readonly TaskMetricInfo[];
}

/** `GET /connectors/{name}/status` */
export interface ConnectorStateInfo {
  readonly name: string;
  readonly connector: ConnectorState;
  /** Sorted by id. */
  readonly tasks: readonly TaskState[];
  readonly type: ConnectorType;
}

/** One entry of `GET /connectors/{name}/tasks`. */
export interface TaskInfo {
  readonly id: ConnectorTaskId;
  readonly config: Readonly<Record<string, string>>;
}

/** `GET /connectors/{name}/offsets`: source offsets are connector-defined; sink ones are Kafka's. */
export interface ConnectorOffsets {
  readonly offsets: ReadonlyArray<{ readonly partition: SourcePartition; readonly offset: SourceOffset | null }>;
}

/** `GET /connector-plugins` entries. */
export interface PluginInfo {
  readonly class: string;
  readonly type: string;
  readonly version?: string;
}

/** `GET /` */
export interface ServerInfo {
  readonly version: string;
  readonly commit: string;
  readonly kafka_cluster_id: string;
}

export interface PutConnectorOptions {
  /** false = create only (POST): an existing connector is a 409. */
  readonly allowReplace: boolean;
  /** For a new connector; ignored on update (the current target state is kept). */
  readonly initialState?: TargetState;
}

export interface PutConnectorResult {
  readonly created: boolean;
  readonly info: ConnectorInfo;
}

export interface RestartOptions {
  readonly includeTasks: boolean;
  readonly onlyFailed: boolean;
}

export interface Herder {
  serverInfo(): Promise<ServerInfo>;
  /** Names of all connectors (unordered). */
  connectors(): Promise<string[]>;
  connectorInfo(name: string): Promise<ConnectorInfo>;
  /** The config as submitted (unresolved `${provider:…}` references). */
  connectorConfig(name: string): Promise<Record<string, string>>;
  connectorStatus(name: string): Promise<ConnectorStateInfo>;
  taskStatus(id: ConnectorTaskId): Promise<TaskState>;
  taskConfigs(name: string): Promise<TaskInfo[]>;
  /**
   * PATCH config: merges `patch` into the stored config (a null value removes the key), validates and applies
   * it. 404 for an unknown connector.
   */
  patchConnectorConfig(name: string, patch: Readonly<Record<string, string | null>>): Promise<ConnectorInfo>;
  /** Topics the connector's tasks produced to or consumed from since creation or the last reset (KIP-558). */
  connectorActiveTopics(name: string): Promise<string[]>;
  /** Forgets the connector's active topics. */
  resetConnectorActiveTopics(name: string): Promise<void>;
  /** Validates (400 with per-key errors), then creates or updates the connector. */
  putConnectorConfig(name: string, config: Readonly<Record<string, string>>, options: PutConnectorOptions): Promise<PutConnectorResult>;
  deleteConnector(name: string): Promise<void>;
  pauseConnector(name: string): Promise<void>;
  resumeConnector(name: string): Promise<void>;
  /** Stops the connector and all its tasks (target state STOPPED, no task configs). */
  stopConnector(name: string): Promise<void>;
  /**
   * With both options false: restarts the connector instance only and resolves undefined (REST 204).
   * Otherwise: the status with the instances to be restarted shown as RESTARTING (REST 202).
   */
  restartConnector(name: string, options: RestartOptions): Promise<ConnectorStateInfo | undefined>;
  restartTask(id: ConnectorTaskId): Promise<void>;
  connectorOffsets(name: string): Promise<ConnectorOffsets>;
  /** PATCH offsets (KIP-875): the connector must be STOPPED (else 400). Resolves with the response message. */
  alterConnectorOffsets(name: string, offsets: ConnectorOffsets['offsets']): Promise<string>;
  /** DELETE offsets: erases every committed offset; the connector must be STOPPED. */
  resetConnectorOffsets(name: string): Promise<string>;
  /** The validate endpoint's answer; a config without `connector.class` is a BadRequestError. */
  validateConnectorConfig(config: Readonly<Record<string, string>>): Promise<ConfigInfos>;
  connectorPlugins(connectorsOnly: boolean): PluginInfo[];
  /** Config keys of a plugin (connector plugins include the framework keys). */
  pluginConfig(plugin: string): ConfigKeyInfo[];
}
