/** XML connectors: XmlSource (files/HTTP → records, split by element path) and XmlSink (records → XML files). */
import type { PluginDescriptor } from '../../src/api/index.js';
import { XML_CONNECTOR_VERSION, xmlSourceConfigDef } from './xml-source-config.js';
import { xmlSinkConfigDef } from './xml-sink-config.js';
import { XmlSinkConnector } from './xml-sink-connector.js';
import { XmlSourceConnector } from './xml-source-connector.js';

export { XmlSourceConnector, XmlSinkConnector };

export const descriptors: readonly PluginDescriptor[] = [
  {
    kind: 'source',
    className: 'io.tributary.connect.xml.XmlSourceConnector',
    aliases: ['XmlSource', 'XmlSourceConnector'],
    version: XML_CONNECTOR_VERSION,
    configDef: xmlSourceConfigDef,
    description: 'XML files in a directory (or an HTTP URL) split into one record per element at a path; streams large files; resumes by record index.',
    create: () => new XmlSourceConnector(),
  },
  {
    kind: 'sink',
    className: 'io.tributary.connect.xml.XmlSinkConnector',
    aliases: ['XmlSink', 'XmlSinkConnector'],
    version: XML_CONNECTOR_VERSION,
    configDef: xmlSinkConfigDef,
    description: 'Records written as XML documents, one file per record or batched per partition with rotation.',
    create: () => new XmlSinkConnector(),
  },
];
