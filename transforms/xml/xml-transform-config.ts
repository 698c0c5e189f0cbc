/**
 * Config of the FromXml/ToXml SMTs: the XmlConverter's format keys plus `field`. IBM's XmlTransformation takes
 * the converter's keys as they are (including `converter.type`, which it ignores).
 */
import { defineConfig, type ConfigOf } from '../../src/api/index.js';
import { xmlConverterConfigDef, xmlFormatConfigDef } from '../../converters/xml/xml-config.js';

export const xmlFieldConfigDef = xmlFormatConfigDef.merge(
  defineConfig({
    field: {
      type: 'string',
      default: '',
      importance: 'medium',
      doc: 'Top-level field of a struct/map key or value that holds the XML (FromXml) or the data to write as XML (ToXml). Empty: the whole key or value.',
    },
  }),
);
export type XmlFieldConfig = ConfigOf<typeof xmlFieldConfigDef>;

export const xmlTransformationConfigDef = xmlConverterConfigDef;
