/**
 * How a plugin presents itself to a worker. Built-in plugins and third-party npm packages export
 * descriptors; the worker's registry (src/plugins) indexes them by class name and aliases, so configs
 * written for Apache Kafka Connect, Confluent or Debezium resolve to Tributary's implementations.
 */
export type PluginKind =
  | 'source'
  | 'sink'
  | 'converter'
  | 'header_converter'
  | 'transformation'
  | 'predicate';

export interface PluginDescriptor<T = unknown> {
  readonly kind: PluginKind;
  /** The canonical class name reported by GET /connector-plugins (e.g. `io.tributary.connect.file.FileStreamSourceConnector`). */
  readonly className: string;
  /** Other names that resolve to this plugin: Kafka/Confluent/Debezium class names and short names. */
  readonly aliases?: readonly string[];
  readonly version: string;
  /** The plugin's ConfigDef (from `defineConfig`); typed loosely here so this file stays dependency-free. */
  readonly configDef?: unknown;
  /** A one-line description for listings and generated docs. */
  readonly description?: string;
  /** Creates a fresh, unconfigured instance. */
  create(): T;
}

/** What a plugin package's entry module exports: `export const descriptors = [...]` (or `export default [...]`). */
export type PluginModule = {
  readonly descriptors?: readonly PluginDescriptor[];
  readonly descriptor?: PluginDescriptor;
  readonly default?: readonly PluginDescriptor[] | PluginDescriptor;
};
