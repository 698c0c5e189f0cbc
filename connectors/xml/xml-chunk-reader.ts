/**
 * Text chunks of one XML document, from a file or an HTTP response body, decoded (UTF-8, or what a BOM or
 * the XML declaration says) across chunk boundaries. `read()` gives null at the end.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { XmlStreamDecoder } from '../../converters/xml/xml-text-decoder.js';
import { RetriableError } from '../../src/api/index.js';

export interface XmlChunkReader {
  read(): Promise<string | null>;
  close(): Promise<void>;
}

export class FileChunkReader implements XmlChunkReader {
  readonly #decoder = new XmlStreamDecoder();
  #position = 0;
  #ended = false;
  private constructor(private readonly file: FileHandle, private readonly bufferBytes: number) {}

  static async open(path: string, bufferBytes: number): Promise<FileChunkReader> {
    return new FileChunkReader(await open(path, 'r'), bufferBytes);
  }

  async read(): Promise<string | null> {
    if (this.#ended) return null;
    const buf = Buffer.allocUnsafe(this.bufferBytes);
    const { bytesRead } = await this.file.read(buf, 0, this.bufferBytes, this.#position);
    if (bytesRead === 0) {
      this.#ended = true;
      const rest = this.#decoder.end();
      return rest === '' ? null : rest;
    }
    this.#position += bytesRead;
    return this.#decoder.push(buf.subarray(0, bytesRead));
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

export interface HttpDocument {
  readonly reader: XmlChunkReader;
  /** ETag, else Last-Modified, else null (the body cannot be recognised as unchanged). */
  readonly version: string | null;
}

export async function fetchXml(url: string, signal: AbortSignal): Promise<HttpDocument> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/xml, text/xml, */*' } });
  } catch (err) {
    throw new RetriableError(`XmlSource: GET ${url} failed: ${(err as Error).message}`, { cause: err });
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new RetriableError(`XmlSource: GET ${url} answered HTTP ${response.status}; retrying`);
  }
  const version = response.headers.get('etag') ?? response.headers.get('last-modified');
  const body = response.body.getReader();
  const decoder = new XmlStreamDecoder();
  let ended = false;
  const reader: XmlChunkReader = {
    async read() {
      if (ended) return null;
      const { done, value } = await body.read();
      if (done) {
        ended = true;
        const rest = decoder.end();
        return rest === '' ? null : rest;
      }
      return decoder.push(value);
    },
    async close() {
      if (!ended) await body.cancel().catch(() => undefined);
    },
  };
  return { reader, version };
}
