import { describedAs } from '../../src/api/config/validators.js';

/**
 * The Java charset names StringConverter's `converter.encoding` accepts, mapped to encode/decode functions.
 * Java's "UTF-16" writes big-endian with a byte-order mark and reads either order by its BOM.
 */
export interface Charset {
  encode(s: string): Uint8Array;
  decode(b: Uint8Array): string;
}

function buf(b: Uint8Array): Buffer {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

function swap16(b: Uint8Array): Buffer {
  const copy = Buffer.from(b);
  return copy.length % 2 === 0 ? copy.swap16() : copy;
}

const utf16be: Charset = {
  encode: (s) => Buffer.from(s, 'utf16le').swap16(),
  decode: (b) => swap16(b).toString('utf16le'),
};

const CHARSETS: Readonly<Record<string, Charset>> = {
  'UTF-8': { encode: (s) => Buffer.from(s, 'utf8'), decode: (b) => buf(b).toString('utf8') },
  'UTF-16BE': utf16be,
  'UTF-16LE': { encode: (s) => Buffer.from(s, 'utf16le'), decode: (b) => buf(b).toString('utf16le') },
  'UTF-16': {
    encode: (s) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be.encode(s)]),
    decode: (b) => {
      if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return buf(b.subarray(2)).toString('utf16le');
      return utf16be.decode(b.length >= 2 && b[0] === 0xfe && b[1] === 0xff ? b.subarray(2) : b);
    },
  },
  'ISO-8859-1': { encode: (s) => Buffer.from(s, 'latin1'), decode: (b) => buf(b).toString('latin1') },
  'US-ASCII': { encode: (s) => Buffer.from(s, 'ascii'), decode: (b) => buf(b).toString('ascii') },
};

const ALIASES: Readonly<Record<string, string>> = { UTF8: 'UTF-8', LATIN1: 'ISO-8859-1', ASCII: 'US-ASCII', UTF16: 'UTF-16' };

/** The charset for a Java charset name (case-insensitive), or undefined. */
export function charsetFor(name: string): Charset | undefined {
  const upper = name.trim().toUpperCase();
  return CHARSETS[ALIASES[upper] ?? upper];
}

export const SUPPORTED_CHARSETS = Object.keys(CHARSETS);

export const validCharset = describedAs(`one of ${SUPPORTED_CHARSETS.join(', ')} (case insensitive)`, (name, value) => {
  if (typeof value !== 'string' || charsetFor(value) === undefined) {
    throw new Error(`Invalid value ${String(value)} for configuration ${name}: unsupported encoding; use one of ${SUPPORTED_CHARSETS.join(', ')}`);
  }
});
