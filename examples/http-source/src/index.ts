/** The plugin module a worker loads from plugin.path (package.json `"tributary": { "plugins": "./src/index.ts" }`). */
import type { PluginDescriptor } from 'tributary';
import { HTTP_SOURCE_VERSION, httpSourceConfig } from './http-source-config.js';
import { HttpSourceConnector } from './http-source-connector.js';

export { HttpSourceConnector };
export { HttpSourceTask } from './http-source-task.js';
export { httpSourceConfig } from './http-source-config.js';

export const descriptors: readonly PluginDescriptor[] = [
  {
    kind: 'source',
    className: 'com.example.tributary.HttpSourceConnector',
    aliases: ['HttpSource'],
    version: HTTP_SOURCE_VERSION,
    configDef: httpSourceConfig,
    description: 'Polls a JSON HTTP endpoint into a topic; resumes by cursor.',
    create: () => new HttpSourceConnector(),
  },
];
