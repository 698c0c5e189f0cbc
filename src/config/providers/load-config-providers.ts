/**
 * Builds the config providers a worker config asks for, with Kafka Connect's keys:
 *
 *   config.providers=env,file,directory
 *   config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
 *   config.providers.file.param.allowed.paths=/etc/kafka/secrets
 *
 * Kafka's class names and short names (`FileConfigProvider`, `file`) both work. The aliases `env`, `file` and
 * `directory` default to the matching built-in when no `.class` is given.
 */
import { ConfigError } from '../../api/errors.js';
import type { ConfigProvider, ConfigProviderFactory } from './config-provider.js';
import { DirectoryConfigProvider } from './directory-config-provider.js';
import { EnvVarConfigProvider } from './env-var-config-provider.js';
import { FileConfigProvider } from './file-config-provider.js';

export const CONFIG_PROVIDERS_KEY = 'config.providers';

const KAFKA_PACKAGE = 'org.apache.kafka.common.config.provider.';

const env: ConfigProviderFactory = (params) => new EnvVarConfigProvider(params);
const file: ConfigProviderFactory = (params) => new FileConfigProvider(params);
const directory: ConfigProviderFactory = (params) => new DirectoryConfigProvider(params);

/** Class names (Kafka FQCN, simple name, short alias) → built-in factories. */
export const BUILTIN_CONFIG_PROVIDERS: Readonly<Record<string, ConfigProviderFactory>> = {
  [`${KAFKA_PACKAGE}EnvVarConfigProvider`]: env,
  EnvVarConfigProvider: env,
  env,
  [`${KAFKA_PACKAGE}FileConfigProvider`]: file,
  FileConfigProvider: file,
  file,
  [`${KAFKA_PACKAGE}DirectoryConfigProvider`]: directory,
  DirectoryConfigProvider: directory,
  directory,
};

export interface LoadConfigProvidersOptions {
  /** More provider classes (e.g. from plugins), by class name. */
  readonly classes?: Readonly<Record<string, ConfigProviderFactory>>;
}

function paramsOf(workerConfig: Readonly<Record<string, string>>, alias: string): Record<string, string> {
  const prefix = `${CONFIG_PROVIDERS_KEY}.${alias}.param.`;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(workerConfig)) if (k.startsWith(prefix)) params[k.slice(prefix.length)] = v;
  return params;
}

/** The providers named by `config.providers`, keyed by alias. An unknown class is an error naming the key. */
export function loadConfigProviders(
  workerConfig: Readonly<Record<string, string>>,
  options: LoadConfigProvidersOptions = {},
): Map<string, ConfigProvider> {
  const classes = { ...BUILTIN_CONFIG_PROVIDERS, ...options.classes };
  const providers = new Map<string, ConfigProvider>();
  const list = workerConfig[CONFIG_PROVIDERS_KEY]?.trim() ?? '';
  if (list === '') return providers;
  for (const alias of list.split(/\s*,\s*/)) {
    if (alias === '' || providers.has(alias)) continue;
    const classKey = `${CONFIG_PROVIDERS_KEY}.${alias}.class`;
    const className = workerConfig[classKey]?.trim() ?? (alias in BUILTIN_CONFIG_PROVIDERS ? alias : undefined);
    if (className === undefined) {
      throw new ConfigError(`Config provider "${alias}" is listed in ${CONFIG_PROVIDERS_KEY} but ${classKey} is not set`, {
        [classKey]: ['Missing config provider class'],
      });
    }
    const factory = Object.hasOwn(classes, className) ? classes[className] : undefined;
    if (factory === undefined) {
      const known = Object.keys(classes).filter((c) => c.includes('.')).join(', ');
      throw new ConfigError(`Unknown config provider class "${className}" in ${classKey}; known classes: ${known}`, {
        [classKey]: [`Unknown config provider class "${className}"`],
      });
    }
    providers.set(alias, factory(paramsOf(workerConfig, alias)));
  }
  return providers;
}
