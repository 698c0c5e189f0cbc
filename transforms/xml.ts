/**
 * XML SMTs: FromXml$Key/$Value and ToXml$Key/$Value (parse XML into Connect data and back, with the
 * XmlConverter's rules), and IBM's XmlTransformation (value only, direction picked from the value).
 */
import type { PluginDescriptor, Transformation } from '../src/api/index.js';
import { KEY, VALUE } from './support/record-part.js';
import { TRANSFORMS_VERSION } from './support/transform-base.js';
import { FromXml } from './xml/from-xml.js';
import { ToXml } from './xml/to-xml.js';
import { XmlTransformation } from './xml/xml-transformation.js';
import { xmlFieldConfigDef, xmlTransformationConfigDef } from './xml/xml-transform-config.js';

export { FromXml, ToXml, XmlTransformation };

const PACKAGE = 'io.tributary.connect.transforms.xml.';

function variants(simpleName: string, description: string, create: (part: typeof KEY, shortName: string) => Transformation): PluginDescriptor<Transformation>[] {
  return ([['Key', KEY], ['Value', VALUE]] as const).map(([suffix, part]) => {
    const shortName = `${simpleName}$${suffix}`;
    return {
      kind: 'transformation',
      className: PACKAGE + shortName,
      aliases: [shortName],
      version: TRANSFORMS_VERSION,
      configDef: xmlFieldConfigDef,
      description: `${description} (record ${part.name})`,
      create: () => create(part, shortName),
    };
  });
}

export const descriptors: readonly PluginDescriptor<Transformation>[] = [
  ...variants('FromXml', 'Parse XML (whole key/value or one field) into a struct or map', (part, name) => new FromXml(part, name)),
  ...variants('ToXml', 'Write the key/value (or one field) as an XML string', (part, name) => new ToXml(part, name)),
  {
    kind: 'transformation',
    className: PACKAGE + 'XmlTransformation',
    aliases: ['com.ibm.eventstreams.kafkaconnect.plugins.xml.XmlTransformation', 'XmlTransformation'],
    version: TRANSFORMS_VERSION,
    configDef: xmlTransformationConfigDef,
    description: "IBM's XmlTransformation: XML string/bytes value → struct, struct/map value → XML string",
    create: () => new XmlTransformation(),
  },
];
