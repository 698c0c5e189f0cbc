// One compiled codec per (api key, version, direction), built on first use and kept.
import { compileMessage, type MessageCodec } from './message-codec.js';
import { MESSAGES } from './messages/all-messages.js';
import { maxDecodableVersion } from './supported-versions.js';

const cache = new Map<number, MessageCodec>();

/** The codec, or undefined when the api key is unknown or the version is outside what we support. */
export function codecFor(apiKey: number, version: number, direction: 'request' | 'response'): MessageCodec | undefined {
  const id = ((apiKey & 0xffff) * 65536 + (version & 0xffff)) * 2 + (direction === 'request' ? 0 : 1);
  let c = cache.get(id);
  if (c !== undefined) return c;
  const specs = MESSAGES.get(apiKey);
  if (specs === undefined || version < 0 || version > maxDecodableVersion(apiKey)) return undefined;
  try {
    c = compileMessage(specs[direction], version);
  } catch {
    return undefined; // version below the spec's oldest
  }
  cache.set(id, c);
  return c;
}

/** Whether requests of this api/version use the flexible encoding (request header v2, response header v1). */
export function isFlexible(apiKey: number, version: number): boolean {
  return codecFor(apiKey, version, 'request')?.flexible ?? false;
}
