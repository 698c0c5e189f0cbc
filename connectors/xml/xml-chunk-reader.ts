/**
 * Text chunks of one XML document, from a file or an HTTP response body, decoded as UTF-8 across chunk
 * boundaries. `read()` gives null at the end.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { RetriableError } from '../../src/api/index.js';

export interface XmlChunkReader {
  read(): Promise<string | null>;
  close(): Promise<void>;
}

export class FileChunkReader implements XmlChunkReader {
  readonly #decoder = new StringDecoder('utf8');
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
    return this.#decoder.write(buf.subarray(0, bytesRead));
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
  const decoder = new StringDecoder('utf8');
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
      return decoder.write(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    },
    async close() {
      if (!ended) await body.cancel().catch(() => undefined);
    },
  };
  return { reader, version };
}
