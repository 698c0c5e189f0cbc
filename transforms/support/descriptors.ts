import type { ConfigDef, PluginDescriptor, Predicate, Transformation } from '../../src/api/index.js';
import { KEY, VALUE, type RecordPart } from './record-part.js';
import { TRANSFORMS_VERSION } from './transform-base.js';

export const KAFKA_TRANSFORMS = 'org.apache.kafka.connect.transforms.';
export const KAFKA_PREDICATES = 'org.apache.kafka.connect.transforms.predicates.';

/** Descriptors for a Kafka SMT with `$Key` and `$Value` variants (`InsertField$Key`, `InsertField$Value`). */
export function keyValueDescriptors(
  simpleName: string,
  configDef: ConfigDef<object>,
  description: string,
  create: (part: RecordPart, shortName: string) => Transformation,
): PluginDescriptor<Transformation>[] {
  return ([['Key', KEY], ['Value', VALUE]] as const).map(([suffix, part]) => {
    const shortName = `${simpleName}$${suffix}`;
    return {
      kind: 'transformation',
      className: KAFKA_TRANSFORMS + shortName,
      aliases: [shortName],
      version: TRANSFORMS_VERSION,
      configDef,
      description: `${description} (record ${part.name})`,
      create: () => create(part, shortName),
    };
  });
}

/** The descriptor of a Kafka SMT without variants (`RegexRouter`, `Filter`). */
export function singleDescriptor(
  simpleName: string,
  configDef: ConfigDef<object>,
  description: string,
  create: () => Transformation,
): PluginDescriptor<Transformation> {
  return {
    kind: 'transformation',
    className: KAFKA_TRANSFORMS + simpleName,
    aliases: [simpleName],
    version: TRANSFORMS_VERSION,
    configDef,
    description,
    create,
  };
}

export function predicateDescriptor(
  simpleName: string,
  configDef: ConfigDef<object>,
  description: string,
  create: () => Predicate,
): PluginDescriptor<Predicate> {
  return {
    kind: 'predicate',
    className: KAFKA_PREDICATES + simpleName,
    aliases: [simpleName],
    version: TRANSFORMS_VERSION,
    configDef,
    description,
    create,
  };
}
