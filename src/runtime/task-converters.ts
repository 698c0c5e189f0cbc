/**
 * The key, value and header converters of one task: the connector's `key.converter` / `value.converter` /
 * `header.converter` (with its `key.converter.*` … sub-config) when set, else the worker's (with the worker's
 * sub-config), as Kafka Connect picks them.
 */
import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import { subConfig } from '../api/config/sub-config.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';

export const DEFAULT_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
export const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

type Props = Readonly<Record<string, string>>;

function pick(key: string, connector: Props, worker: Props, fallback: string): { className: string; sub: Record<string, string> } {
  const own = connector[key]?.trim();
  if (own) return { className: own, sub: subConfig(connector, `${key}.`) };
  return { className: worker[key]?.trim() || fallback, sub: subConfig(worker, `${key}.`) };
}

export class TaskConverters {
  private constructor(
    readonly key: Converter,
    readonly keyClass: string,
    readonly value: Converter,
    readonly valueClass: string,
    readonly header: HeaderConverter,
    readonly headerClass: string,
  ) {}

  static build(connectorConfig: Props, workerConfig: Props, registry: PluginRegistry): TaskConverters {
    const k = pick('key.converter', connectorConfig, workerConfig, DEFAULT_CONVERTER);
    const kd = registry.resolve(k.className, ['converter'], 'key.converter');
    const key = kd.create() as Converter;
    key.configure(k.sub, true);

    const v = pick('value.converter', connectorConfig, workerConfig, DEFAULT_CONVERTER);
    const vd = registry.resolve(v.className, ['converter'], 'value.converter');
    const value = vd.create() as Converter;
    value.configure(v.sub, false);

    const h = pick('header.converter', connectorConfig, workerConfig, DEFAULT_HEADER_CONVERTER);
    const hd = registry.find(h.className, ['header_converter']) ?? registry.resolve(h.className, ['header_converter', 'converter'], 'header.converter');
    const header = hd.create() as HeaderConverter;
    header.configure({ ...h.sub, 'converter.type': 'header' });

    return new TaskConverters(key, kd.className, value, vd.className, header, hd.className);
  }

  close(): void {
    for (const c of [this.key, this.value, this.header]) {
      try {
        c.close();
      } catch {
        // keep closing the others
      }
    }
  }
}
