/**
 * Maps Kafka client properties (the names Java clients and Kafka Connect use: `bootstrap.servers`,
 * `security.protocol`, `sasl.*`, `ssl.*`) to a kafkajs client configuration. The one place that knows
 * kafkajs's option names; everything above it speaks Kafka's property names.
 */
import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { ConfigError } from '../api/errors.js';

export type ClientProps = Readonly<Record<string, string | undefined>>;

const PROTOCOLS = new Set(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']);

/** `host:port` entries of `bootstrap.servers`, with any `PLAINTEXT://`-style listener prefix removed. */
export function parseBootstrapServers(value: string | undefined): string[] {
  const servers = (value ?? 'localhost:9092')
    .split(',')
    .map((s) => s.trim().replace(/^[A-Za-z_]+:\/\//, ''))
    .filter((s) => s.length > 0);
  if (servers.length === 0) throw new ConfigError('bootstrap.servers is empty', { 'bootstrap.servers': ['must list at least one host:port'] });
  for (const s of servers) {
    if (!/^(\[[^\]]+\]|[^:\s]+):\d{1,5}$/.test(s)) {
      throw new ConfigError(`Invalid bootstrap.servers entry '${s}'`, { 'bootstrap.servers': [`'${s}' is not host:port`] });
    }
  }
  return servers;
}

/** Reads `username`/`password` out of a JAAS line such as `...PlainLoginModule required username="u" password="p";`. */
export function parseJaasCredentials(jaas: string): { username: string; password: string } {
  const option = (name: string) => {
    const m = new RegExp(`\\b${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(jaas);
    return m ? m[1]!.replace(/\\(.)/g, '$1') : undefined;
  };
  const username = option('username');
  const password = option('password');
  if (username === undefined || password === undefined) {
    throw new ConfigError('sasl.jaas.config must set username="…" and password="…"', {
      'sasl.jaas.config': ['expected username="…" password="…" options'],
    });
  }
  return { username, password };
}

function pem(props: ClientProps, inlineKey: string, fileKey: string): string | undefined {
  const inline = props[inlineKey];
  if (inline) return inline;
  const file = props[fileKey];
  return file ? readFileSync(file, 'utf8') : undefined;
}

function intProp(props: ClientProps, key: string): number | undefined {
  const v = props[key];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${key} must be a non-negative integer`, { [key]: [`invalid value '${v}'`] });
  return n;
}

export function kafkaJsConfig(props: ClientProps, clientId: string): KafkaConfig {
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').toUpperCase();
  if (!PROTOCOLS.has(protocol)) {
    throw new ConfigError(`Unknown security.protocol '${protocol}'`, {
      'security.protocol': [`must be one of ${[...PROTOCOLS].join(', ')}`],
    });
  }
  const config: KafkaConfig = {
    clientId: props['client.id'] ?? clientId,
    brokers: parseBootstrapServers(props['bootstrap.servers']),
  };
  const requestTimeout = intProp(props, 'request.timeout.ms');
  if (requestTimeout !== undefined) config.requestTimeout = requestTimeout;
  const connectTimeout = intProp(props, 'socket.connection.setup.timeout.ms');
  if (connectTimeout !== undefined) config.connectionTimeout = connectTimeout;
  const backoff = intProp(props, 'retry.backoff.ms');
  if (backoff !== undefined) config.retry = { initialRetryTime: Math.max(1, backoff) };

  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const ca = pem(props, 'ssl.truststore.certificates', 'ssl.truststore.location');
    const cert = pem(props, 'ssl.keystore.certificate.chain', 'ssl.keystore.location');
    const key = pem(props, 'ssl.keystore.key', 'ssl.key.location');
    const verifyHost = (props['ssl.endpoint.identification.algorithm'] ?? 'https') !== '';
    config.ssl = {
      ...(ca ? { ca: [ca] } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      ...(props['ssl.key.password'] ? { passphrase: props['ssl.key.password'] } : {}),
      ...(verifyHost ? {} : { checkServerIdentity: () => undefined }),
    };
  }
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') {
    const mechanism = (props['sasl.mechanism'] ?? 'GSSAPI').toUpperCase();
    const jaas = props['sasl.jaas.config'];
    if (!jaas) throw new ConfigError('sasl.jaas.config is required for SASL', { 'sasl.jaas.config': ['required for SASL'] });
    const { username, password } = parseJaasCredentials(jaas);
    const sasl: SASLOptions =
      mechanism === 'PLAIN'
        ? { mechanism: 'plain', username, password }
        : mechanism === 'SCRAM-SHA-256'
          ? { mechanism: 'scram-sha-256', username, password }
          : mechanism === 'SCRAM-SHA-512'
            ? { mechanism: 'scram-sha-512', username, password }
            : (() => {
                throw new ConfigError(`Unsupported sasl.mechanism '${mechanism}'`, {
                  'sasl.mechanism': ['supported: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512'],
                });
              })();
    config.sasl = sasl;
  }
  return config;
}

/**
 * Client properties for one purpose: the worker-level prefix (`producer.`, `consumer.`, `admin.`) applied
 * over the worker's own properties, then the connector's overrides (`producer.override.`, …).
 */
export function clientProps(
  worker: ClientProps,
  prefix: 'producer.' | 'consumer.' | 'admin.',
  connectorOverrides: ClientProps = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(worker)) {
    if (v === undefined) continue;
    if (!k.startsWith('producer.') && !k.startsWith('consumer.') && !k.startsWith('admin.')) out[k] = v;
  }
  for (const [k, v] of Object.entries(worker)) if (v !== undefined && k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  const overridePrefix = `${prefix}override.`;
  for (const [k, v] of Object.entries(connectorOverrides)) {
    if (v !== undefined && k.startsWith(overridePrefix)) out[k.slice(overridePrefix.length)] = v;
  }
  return out;
}
