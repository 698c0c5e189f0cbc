/**
 * XML bytes → text, with the encoding found as XML 1.0 (Appendix F) says: a byte-order mark, else the
 * `encoding` of the XML declaration, else UTF-8. Legacy payloads (MQ, file drops) are often ISO-8859-1 or
 * windows-1252 and say so in their declaration. Works on a whole document (`decode`) or on a stream of
 * chunks (`push`), where a character may be split between chunks.
 */
import { TextDecoder } from 'node:util';

const DECLARED = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;
const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'iso_8859-1', 'us-ascii', 'ascii']);

interface ChunkDecoder {
  decode(bytes: Uint8Array, stream: boolean): string;
}

const latin1: ChunkDecoder = {
  // True ISO-8859-1 (WHATWG's TextDecoder maps the label to windows-1252, which differs in 0x80–0x9F).
  decode: (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1'),
};

// windows-1252's 0x80–0x9F (undefined positions keep the C1 control, as WHATWG's decoder does). Node 20's
// TextDecoder decodes this label as ISO-8859-1, so the table is applied here.
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const cp1252: ChunkDecoder = {
  decode: (b) => {
    const text = latin1.decode(b, false);
    return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : text;
  },
};
const CP1252 = new Set(['windows-1252', 'cp1252', 'x-cp1252']);

function textDecoder(label: string): ChunkDecoder {
  let d: TextDecoder;
  try {
    d = new TextDecoder(label, { fatal: true });
  } catch {
    throw new Error(`the XML declares encoding "${label}", which this runtime cannot decode`);
  }
  return {
    decode: (b, stream) => {
      try {
        return d.decode(b, { stream });
      } catch (err) {
        throw new Error(`the bytes are not valid ${label}${label === 'utf-8' ? ' (the document declares no other encoding)' : ''}: ${(err as Error).message}`);
      }
    },
  };
}

/** Which decoder the first bytes of a document call for. */
function decoderFor(head: Uint8Array): { decoder: ChunkDecoder; skip: number } {
  const [a, b, c] = head;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { decoder: textDecoder('utf-8'), skip: 3 };
  if (a === 0xff && b === 0xfe) return { decoder: textDecoder('utf-16le'), skip: 2 };
  if (a === 0xfe && b === 0xff) return { decoder: textDecoder('utf-16be'), skip: 2 };
  if (a === 0x3c && b === 0x00) return { decoder: textDecoder('utf-16le'), skip: 0 };
  if (a === 0x00 && b === 0x3c) return { decoder: textDecoder('utf-16be'), skip: 0 };
  const ascii = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 256)).toString('latin1');
  const label = DECLARED.exec(ascii)?.[1]?.toLowerCase();
  if (label === undefined || label === 'utf-8' || label === 'utf8') return { decoder: textDecoder('utf-8'), skip: 0 };
  if (LATIN1.has(label)) return { decoder: latin1, skip: 0 };
  if (CP1252.has(label)) return { decoder: cp1252, skip: 0 };
  return { decoder: textDecoder(label), skip: 0 };
}

/** A whole document's text. */
export function decodeXml(bytes: Uint8Array): string {
  const { decoder, skip } = decoderFor(bytes);
  return decoder.decode(skip === 0 ? bytes : bytes.subarray(skip), false);
}

/** A streaming decoder: the encoding is chosen from the first chunk (which should hold the XML declaration). */
export class XmlStreamDecoder {
  #decoder: ChunkDecoder | undefined;
  /** The first bytes, held until there are enough to read the XML declaration. */
  #head: Uint8Array[] = [];
  #headBytes = 0;

  push(chunk: Uint8Array): string {
    if (this.#decoder !== undefined) return this.#decoder.decode(chunk, true);
    this.#head.push(chunk);
    this.#headBytes += chunk.byteLength;
    return this.#headBytes >= HEAD_BYTES ? this.#start(true) : '';
  }

  end(): string {
    const text = this.#decoder === undefined ? (this.#headBytes === 0 ? '' : this.#start(false)) : '';
    return text + (this.#decoder?.decode(new Uint8Array(0), false) ?? '');
  }

  #start(stream: boolean): string {
    const head = this.#head.length === 1 ? this.#head[0]! : Buffer.concat(this.#head);
    this.#head = [];
    const { decoder, skip } = decoderFor(head);
    this.#decoder = decoder;
    return decoder.decode(skip === 0 ? head : head.subarray(skip), stream);
  }
}

const HEAD_BYTES = 256;
