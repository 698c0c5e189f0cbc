/**
 * Connector config files as `connect-standalone` accepts them: `.properties`, or JSON that is either a flat
 * map (`{"name": "...", "connector.class": "...", ...}`) or a create request
 * (`{"name": "...", "config": {...}, "initial_state": "PAUSED"}`). Values become strings, as Kafka Connect
 * stores them (JSON numbers/booleans → their text; arrays of scalars → comma-joined; null → key dropped).
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../api/errors.js';
import { parseProperties } from './properties.js';

export type InitialState = 'RUNNING' | 'PAUSED' | 'STOPPED';

export interface ConnectorFile {
  readonly name: string;
  readonly config: Record<string, string>;
  readonly initialState?: InitialState;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** Turns JSON config values into the strings Kafka Connect stores. */
export function toStringConfig(values: Readonly<Record<string, unknown>>, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    const text = scalarText(value);
    if (text !== undefined) {
      out[key] = text;
      continue;
    }
    if (Array.isArray(value)) {
      const parts = value.map(scalarText);
      if (parts.every((p) => p !== undefined)) {
        out[key] = parts.join(',');
        continue;
      }
    }
    throw new ConfigError(
      `Connector configuration ${where}: value of "${key}" must be a string, number or boolean (a list is a comma-separated string)`,
      { [key]: ['must be a string, number or boolean'] },
    );
  }
  return out;
}

function parseInitialState(v: unknown, where: string): InitialState | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v.trim().toUpperCase() : '';
  if (s === 'RUNNING' || s === 'PAUSED' || s === 'STOPPED') return s;
  throw new ConfigError(
    `Connector configuration ${where}: initial_state must be one of RUNNING, PAUSED, STOPPED (got ${JSON.stringify(v)})`,
  );
}

function requireName(name: unknown, where: string): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ConfigError(`Connector configuration ${where} has no "name"; add a "name" to the file`, {
      name: ['Missing required configuration "name" which has no default value.'],
    });
  }
  return name;
}

/** Parses a connector JSON document (flat map or `{name, config, initial_state}`). */
export function parseConnectorJson(text: string, where = 'from JSON'): ConnectorFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`Connector configuration ${where} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(doc)) throw new ConfigError(`Connector configuration ${where} must be a JSON object`);
  if (isObject(doc['config'])) {
    const config = toStringConfig(doc['config'], where);
    const name = requireName(doc['name'] ?? config['name'], where);
    if (config['name'] !== undefined && config['name'] !== name) {
      throw new ConfigError(`Connector name configuration in 'config' doesn't match the one specified in 'name' at ${where}`);
    }
    config['name'] = name;
    const initialState = parseInitialState(doc['initial_state'], where);
    return initialState === undefined ? { name, config } : { name, config, initialState };
  }
  const config = toStringConfig(doc, where);
  return { name: requireName(config['name'], where), config };
}

/** A connector from `.properties` text. */
export function parseConnectorProperties(text: string, where = 'from properties'): ConnectorFile {
  const config = parseProperties(text);
  return { name: requireName(config['name'], where), config };
}

/** Loads `path`: `.json` as JSON, anything else as `.properties` (like connect-standalone). */
export async function loadConnectorFile(path: string): Promise<ConnectorFile> {
  const text = await readFile(path, 'utf8');
  const where = `at '${path}'`;
  return path.toLowerCase().endsWith('.json') ? parseConnectorJson(text, where) : parseConnectorProperties(text, where);
}
