import { SourceConnector, type ConfigValue, type ConnectorProps, type RawConfig } from '../../src/api/index.js';
import { DATAGEN_VERSION, TASK_ID_FIELD, datagenConfigDef } from './datagen-config.js';
import { DatagenTask } from './datagen-task.js';
import { keyFieldSchema } from './key-field.js';
import { QUICKSTARTS } from './quickstarts.js';

/** Synthetic quickstart data. Each of the `tasks.max` tasks generates its own stream (partition `{task.id}`). */
export class DatagenConnector extends SourceConnector {
  #props: ConnectorProps = {};

  version(): string {
    return DATAGEN_VERSION;
  }

  config() {
    return datagenConfigDef;
  }

  /** The ConfigDef's checks plus: `schema.keyfield` must name a field of the chosen quickstart. */
  override validate(configs: RawConfig): ConfigValue[] {
    const values = datagenConfigDef.validate(configs);
    const quickstart = values.find((v) => v.name === 'quickstart');
    const keyField = values.find((v) => v.name === 'schema.keyfield');
    const qs = typeof quickstart?.value === 'string' ? QUICKSTARTS[quickstart.value.toLowerCase()] : undefined;
    if (qs !== undefined && keyField !== undefined && typeof keyField.value === 'string' && keyFieldSchema(qs, keyField.value) === undefined) {
      keyField.errors.push(`${keyField.value} is not a field of the ${qs.name} quickstart (fields: ${qs.valueSchema.fields!.map((f) => f.name).join(', ')})`);
    }
    return values;
  }

  start(props: ConnectorProps): void {
    datagenConfigDef.parse(props);
    this.#props = props;
  }

  taskClass() {
    return DatagenTask;
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.#props, [TASK_ID_FIELD]: String(i) }));
  }

  stop(): void {}

  /** Offsets are `{current.iteration}` counters; any non-negative value (or a reset) is accepted. */
  override alterOffsets(): boolean {
    return true;
  }
}
