/**
 * Where the REST API listens and how it is reached, from worker properties, with Kafka Connect's semantics
 * (RestServerConfig / RestServer):
 *
 * - `listeners`: comma list of `protocol://host:port`, protocol `http` or `https` (any case), host empty for
 *   every interface or an `[IPv6]` literal, port required. Default `http://:8083`; when `listeners` is unset the
 *   older `rest.host.name` / `rest.port` still form one `http://` listener (Kafka < 4.0). Every listener
 *   serves the API.
 * - `admin.listeners` (KIP-495): unset = the `/admin` endpoints are on the main listeners; set but empty = they
 *   are off (404 everywhere); URLs = they are served only there, by a separate server.
 * - `https` listeners take their TLS settings from `listeners.https.*` (admin ones from `admin.listeners.https.*`),
 *   all or nothing as Kafka: when any key carries the prefix only prefixed keys count, otherwise the bare `ssl.*`.
 * - The advertised URL (worker id, leader forwarding): scheme `rest.advertised.listener`, else `http` if any
 *   listener is http, else `https`; host `rest.advertised.host.name`, else that listener's host, else this
 *   machine's address; port `rest.advertised.port`, else that listener's bound port.
 */
import { networkInterfaces } from 'node:os';
import { tlsFromProps, type RestTls } from './rest-security-keystore.js';

export type RestScheme = 'http' | 'https';

export interface ListenerAddress {
  readonly scheme: RestScheme;
  /** '' = every interface. IPv6 literals without brackets. */
  readonly host: string;
  /** 0 = a free port. */
  readonly port: number;
}

export interface RestListenerSpec extends ListenerAddress {
  /** Set for https listeners. */
  readonly tls?: RestTls;
}

export interface RestListenerPlan {
  readonly listeners: readonly RestListenerSpec[];
  /** undefined = /admin on the main listeners; [] = /admin disabled; else /admin only on these. */
  readonly adminListeners: readonly RestListenerSpec[] | undefined;
}

// Kafka's RestServer.LISTENER_PATTERN, plus an optional trailing slash.
const LISTENER = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)\/?$/;

export function parseListener(url: string, key = 'listeners'): ListenerAddress {
  const m = LISTENER.exec(url.trim());
  if (!m) throw new Error(`${key}: '${url}' is not a listener URL; expected protocol://host:port, e.g. http://:8083 or https://0.0.0.0:8443`);
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') throw new Error(`${key}: unknown protocol '${m[1]}' in listener '${url}' (http or https)`);
  const port = Number(m[3]);
  if (port < 0 || port > 65535) throw new Error(`${key}: port ${m[3]} in listener '${url}' is not 0-65535`);
  return { scheme, host: m[2]!, port };
}

/** A listener list; blank entries are an error (as Kafka), an empty list is returned as []. */
export function parseListenerList(value: string, key: string): ListenerAddress[] {
  if (value.trim() === '') return [];
  return value.split(',').map((item) => {
    if (item.trim() === '') throw new Error(`${key}: empty URL in '${value}'`);
    return parseListener(item, key);
  });
}

/** The main listeners: `listeners`, else `rest.host.name`/`rest.port`, else `http://:8083`. */
export function mainListeners(props: Readonly<Record<string, string>>): ListenerAddress[] {
  const raw = props['listeners'];
  if (raw === undefined) {
    const port = props['rest.port']?.trim() || '8083';
    return [parseListener(`http://${bracket(props['rest.host.name']?.trim() ?? '')}:${port}`, 'rest.host.name/rest.port')];
  }
  const list = parseListenerList(raw, 'listeners');
  if (list.length === 0) throw new Error('listeners: at least one URL is expected, e.g. http://:8083 (use admin.listeners= to turn off only /admin)');
  return list;
}

/** `admin.listeners`: undefined when unset (admin on the main listeners). */
export function adminListeners(props: Readonly<Record<string, string>>): ListenerAddress[] | undefined {
  const raw = props['admin.listeners'];
  return raw === undefined ? undefined : parseListenerList(raw, 'admin.listeners');
}

/**
 * Every listener with its TLS settings loaded (key stores read, checked by building a TLS context) — errors
 * surface at start-up. `override` replaces the first main listener's host and/or port (the --rest-host/--rest-port flags).
 */
export async function restListenersFromProps(
  props: Readonly<Record<string, string>>,
  override: { readonly host?: string | undefined; readonly port?: number | undefined } = {},
): Promise<RestListenerPlan> {
  const main = mainListeners(props);
  main[0] = { ...main[0]!, ...(override.host !== undefined ? { host: override.host } : {}), ...(override.port !== undefined ? { port: override.port } : {}) };
  const admin = adminListeners(props);
  for (const a of admin ?? []) {
    if (a.port !== 0 && main.some((m) => m.port === a.port && (m.host === a.host || isWildcard(m.host) || isWildcard(a.host)))) {
      throw new Error(`admin.listeners: port ${a.port} is also a main listener's; give the admin endpoints their own port, or leave admin.listeners unset to serve them on the main listeners`);
    }
  }
  const withTls = async (l: ListenerAddress, prefix: string): Promise<RestListenerSpec> =>
    l.scheme === 'https' ? { ...l, tls: await tlsFromProps(props, prefix) } : l;
  return {
    listeners: await Promise.all(main.map((l) => withTls(l, 'listeners.https.'))),
    adminListeners: admin === undefined ? undefined : await Promise.all(admin.map((l) => withTls(l, 'admin.listeners.https.'))),
  };
}

/** Kafka's RestServer.determineAdvertisedProtocol. */
export function advertisedScheme(props: Readonly<Record<string, string>>, listeners: readonly ListenerAddress[]): RestScheme {
  const chosen = props['rest.advertised.listener']?.trim().toLowerCase();
  if (chosen) {
    if (chosen !== 'http' && chosen !== 'https') throw new Error(`rest.advertised.listener must be http or https, got '${chosen}'`);
    return chosen;
  }
  if (listeners.some((l) => l.scheme === 'http')) return 'http';
  return listeners.some((l) => l.scheme === 'https') ? 'https' : 'http';
}

/**
 * The URL other workers and clients use to reach this worker (no trailing slash). `bound` are the main
 * listeners with their real ports (after port 0 was resolved).
 */
export function advertisedRestUrl(props: Readonly<Record<string, string>>, bound: readonly ListenerAddress[]): { url: string; host: string; port: number } {
  const scheme = advertisedScheme(props, bound);
  // No listener of the advertised scheme (e.g. https behind a TLS-terminating proxy): the first one's address.
  const listener = bound.find((l) => l.scheme === scheme) ?? bound[0];
  const host = props['rest.advertised.host.name']?.trim() || (listener && !isWildcard(listener.host) ? listener.host : machineAddress());
  const advertisedPort = props['rest.advertised.port']?.trim();
  let port = listener?.port ?? 0;
  if (advertisedPort) {
    port = Number(advertisedPort);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`rest.advertised.port must be 1-65535, got '${advertisedPort}'`);
  }
  return { url: `${scheme}://${bracket(host)}:${port}`, host, port };
}

function isWildcard(host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::';
}

function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * This machine's address for a listener bound to every interface: the first non-internal IPv4 address, else
 * 127.0.0.1. (Kafka uses the address its host name resolves to; a DNS-free choice is more predictable.)
 */
export function machineAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
