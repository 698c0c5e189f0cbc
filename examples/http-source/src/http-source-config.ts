import { defineConfig, range, regex, type ConfigOf } from 'tributary';

export const HTTP_SOURCE_VERSION = '1.0.0';

/** Declared once: parsing, REST validate, the README table and the typed config all come from here. */
export const httpSourceConfig = defineConfig({
  'http.url': {
    type: 'string',
    validator: regex(/https?:\/\/.+/),
    importance: 'high',
    doc: 'The endpoint to poll. It must answer a JSON array of objects, oldest first.',
  },
  topic: { type: 'string', importance: 'high', doc: 'The Kafka topic to write the objects to.' },
  'cursor.field': {
    type: 'string',
    default: 'id',
    importance: 'medium',
    doc: 'The field of each object that orders them; its last value is the source offset, so a restarted task resumes after it.',
  },
  'cursor.param': {
    type: 'string',
    default: 'since',
    importance: 'medium',
    doc: 'The query parameter that passes the last cursor to the endpoint (`?since=42`); absent on the first request.',
  },
  'poll.interval.ms': {
    type: 'long',
    default: 1000,
    validator: range(10, undefined),
    importance: 'medium',
    doc: 'How long to wait between requests when the previous one returned nothing new.',
  },
  'request.timeout.ms': {
    type: 'int',
    default: 10_000,
    validator: range(1, undefined),
    importance: 'low',
    doc: 'A request that takes longer fails with a retriable error.',
  },
});

export type HttpSourceConfig = ConfigOf<typeof httpSourceConfig>;
