/**
 * A config provider (Kafka's `org.apache.kafka.common.config.provider.ConfigProvider`): given a path and
 * keys, returns the values it has. Keys it does not have are simply absent from the result.
 */
export interface ConfigProvider {
  get(path: string, keys: readonly string[]): Promise<ReadonlyMap<string, string>>;
  close?(): Promise<void> | void;
}

/** Builds a provider from its `config.providers.<alias>.param.*` settings. */
export type ConfigProviderFactory = (params: Readonly<Record<string, string>>) => ConfigProvider;
