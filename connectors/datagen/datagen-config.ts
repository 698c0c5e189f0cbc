/**
 * Datagen keys. Names and meanings follow Confluent's kafka-connect-datagen where it has them (`kafka.topic`,
 * `quickstart`, `max.interval`, `iterations`, `random.seed`, `schema.keyfield`); `batch.size` is Tributary's.
 */
import { atLeast, defineConfig, nonEmptyString, oneOfIgnoreCase, type ConfigOf } from '../../src/api/index.js';
import { QUICKSTART_NAMES } from './quickstarts.js';

export const datagenConfigDef = defineConfig({
  'kafka.topic': {
    type: 'string', validator: nonEmptyString, importance: 'high',
    doc: 'Topic to write to.',
  },
  quickstart: {
    type: 'string', validator: oneOfIgnoreCase(...QUICKSTART_NAMES), importance: 'high',
    doc: `Which data set to generate: ${QUICKSTART_NAMES.join(', ')}.`,
  },
  'max.interval': {
    type: 'long', default: 500, validator: atLeast(0), importance: 'high',
    doc: 'Maximum milliseconds to wait between records (each wait is random in [0, max.interval]). 0 = as fast as possible, in batches of batch.size.',
  },
  iterations: {
    type: 'long', default: 1000000, importance: 'high',
    doc: 'Records each task generates before it goes idle (Confluent\'s default, 1000000); less than 1 means unlimited.',
  },
  'random.seed': {
    type: 'long', default: null, importance: 'low',
    doc: 'Seed for the generator. Set it to get the same records on every run (record i of task t is the same each time); unset = random.',
  },
  'schema.keyfield': {
    type: 'string', default: null, importance: 'low',
    doc: 'Value field to use as the record key; unset = the quickstart\'s key field (users: userid, pageviews: viewtime, orders: orderid).',
  },
  'batch.size': {
    type: 'int', default: 1000, validator: atLeast(1), importance: 'low',
    doc: 'Tributary extension: most records one poll returns when max.interval is 0.',
  },
});
export type DatagenConfig = ConfigOf<typeof datagenConfigDef>;
export const DATAGEN_VERSION = '1.0.0';
export const TASK_ID_FIELD = 'task.id';
export const TASK_GENERATION_FIELD = 'task.generation';
export const CURRENT_ITERATION_FIELD = 'current.iteration';
