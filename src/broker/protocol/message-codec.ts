// Compiles a MessageSpec at one version into a reader/writer pair. Compilation flattens the spec into
// arrays of fields active at that version (with numeric kinds), so reading and writing are plain loops
// with a switch — no per-field closures, no version checks on the hot path. Flexible versions (KIP-482)
// use compact strings/arrays/bytes (unsigned varint length + 1) and a tagged-field section per struct.
import { ByteReader, ReadError } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { type FieldSpec, type MessageSpec, type PrimitiveType, inRange } from './message-spec.js';

const K_INT8 = 0, K_INT16 = 1, K_INT32 = 2, K_INT64 = 3, K_UINT16 = 4, K_FLOAT64 = 5, K_BOOL = 6,
  K_STRING = 7, K_BYTES = 8, K_RECORDS = 9, K_UUID = 10, K_STRUCT = 11, K_ARRAY = 12;

const PRIM_KIND: Record<PrimitiveType, number> = {
  int8: K_INT8, int16: K_INT16, int32: K_INT32, int64: K_INT64, uint16: K_UINT16, float64: K_FLOAT64,
  bool: K_BOOL, string: K_STRING, bytes: K_BYTES, records: K_RECORDS, uuid: K_UUID,
};

interface CField {
  name: string;
  kind: number;
  /** element kind for arrays (K_STRUCT for arrays of structs) */
  itemKind: number;
  nullable: boolean;
  sub: CStruct | null;
  def: unknown;
  tag: number;
}

interface CStruct {
  fields: CField[];
  tagged: CField[];
  byTag: Map<number, CField>;
  /** fields that do not exist at this version: decoded bodies get their default */
  absent: CField[];
  flexible: boolean;
}

export type Body = Record<string, any>;

export interface MessageCodec {
  readonly flexible: boolean;
  read(r: ByteReader): Body;
  write(w: ByteWriter, body: Body | undefined): void;
}

const ZERO_UUID = Buffer.alloc(16);
/** Records at least this large are referenced, not copied, when encoding in chunked mode. */
const ZERO_COPY_MIN = 4096;
const EMPTY = Buffer.alloc(0);

function compileField(f: FieldSpec, version: number, flexible: boolean): CField {
  const isArray = f.type === 'array';
  const kind = isArray ? K_ARRAY : f.type === 'struct' ? K_STRUCT : PRIM_KIND[f.type as PrimitiveType];
  const itemKind = isArray ? (f.items ? PRIM_KIND[f.items] : K_STRUCT) : -1;
  const hasSub = f.type === 'struct' || (isArray && !f.items);
  return {
    name: f.name, kind, itemKind,
    nullable: inRange(version, f.nullableVersions),
    sub: hasSub ? compileStruct(f.fields ?? [], version, flexible) : null,
    def: f.default,
    tag: f.tag ?? -1,
  };
}

function compileStruct(fields: FieldSpec[], version: number, flexible: boolean): CStruct {
  const s: CStruct = { fields: [], tagged: [], byTag: new Map(), absent: [], flexible };
  for (const f of fields) {
    const c = compileField(f, version, flexible);
    if (!inRange(version, f.versions)) s.absent.push(c);
    else if (flexible && inRange(version, f.taggedVersions)) { s.tagged.push(c); s.byTag.set(c.tag, c); }
    else s.fields.push(c);
  }
  s.tagged.sort((a, b) => a.tag - b.tag);
  return s;
}

function defaultOf(f: CField): unknown {
  if (f.def !== undefined) return f.def;
  switch (f.kind) {
    case K_BOOL: return false;
    case K_STRING: return '';
    case K_BYTES: return EMPTY;
    case K_RECORDS: return null;
    case K_UUID: return ZERO_UUID;
    case K_ARRAY: return [];
    case K_STRUCT: return f.nullable ? null : defaultStruct(f.sub!);
    default: return 0;
  }
}

function defaultStruct(s: CStruct): Body {
  const o: Body = {};
  for (const f of s.fields) o[f.name] = defaultOf(f);
  for (const f of s.tagged) o[f.name] = defaultOf(f);
  for (const f of s.absent) o[f.name] = defaultOf(f);
  return o;
}

function itemDefault(kind: number): unknown {
  switch (kind) {
    case K_BOOL: return false;
    case K_STRING: return '';
    case K_BYTES: return EMPTY;
    case K_UUID: return ZERO_UUID;
    default: return 0;
  }
}

// ---------- reading ----------

function readStruct(r: ByteReader, s: CStruct): Body {
  const o: Body = {};
  const fields = s.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    o[f.name] = readValue(r, f, f.kind, s.flexible);
  }
  const absent = s.absent;
  for (let i = 0; i < absent.length; i++) o[absent[i]!.name] = defaultOf(absent[i]!);
  if (s.flexible) readTagged(r, s, o);
  return o;
}

function readTagged(r: ByteReader, s: CStruct, o: Body): void {
  for (const f of s.tagged) o[f.name] = defaultOf(f);
  const n = r.uvarint();
  for (let i = 0; i < n; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    r.need(size);
    const end = r.pos + size;
    const f = s.byTag.get(tag);
    if (f === undefined) { r.pos = end; continue; } // unknown tags are skipped, as Kafka does
    o[f.name] = readValue(r, f, f.kind, true);
    if (r.pos !== end) throw new ReadError(`tagged field ${f.name} size mismatch`);
  }
}

function readLength(r: ByteReader, flexible: boolean, classicInt32: boolean): number {
  if (flexible) return r.uvarint() - 1;
  return classicInt32 ? r.int32() : r.int16();
}

function readValue(r: ByteReader, f: CField, kind: number, flexible: boolean): unknown {
  switch (kind) {
    case K_INT8: return r.int8();
    case K_INT16: return r.int16();
    case K_INT32: return r.int32();
    case K_INT64: return r.int64();
    case K_UINT16: return r.uint16();
    case K_FLOAT64: return r.float64();
    case K_BOOL: return r.bool();
    case K_UUID: return r.uuid();
    case K_STRING: {
      const n = readLength(r, flexible, false);
      if (n < 0) return f.nullable ? null : '';
      return r.utf8(n);
    }
    case K_BYTES: {
      const n = readLength(r, flexible, true);
      if (n < 0) return f.nullable ? null : EMPTY;
      return Buffer.from(r.slice(n)); // small; copied so long-lived group state does not pin frames
    }
    case K_RECORDS: {
      const n = readLength(r, flexible, true);
      return n < 0 ? null : r.slice(n); // hot path: a view of the frame, no copy
    }
    case K_STRUCT: {
      if (f.nullable && r.int8() < 0) return null;
      return readStruct(r, f.sub!);
    }
    case K_ARRAY: {
      const n = readLength(r, flexible, true);
      if (n < 0) return f.nullable ? null : [];
      if (n > r.remaining) throw new ReadError(`array length ${n} exceeds the ${r.remaining} remaining bytes`);
      const out = new Array(n);
      const ik = f.itemKind;
      if (ik === K_STRUCT) {
        const sub = f.sub!;
        for (let i = 0; i < n; i++) out[i] = readStruct(r, sub);
      } else {
        for (let i = 0; i < n; i++) out[i] = readValue(r, f, ik, flexible);
      }
      return out;
    }
    default: throw new ReadError(`unknown kind ${kind}`);
  }
}

// ---------- writing ----------

function writeStruct(w: ByteWriter, s: CStruct, o: Body | undefined | null): void {
  const fields = s.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    writeValue(w, f, f.kind, o == null ? undefined : o[f.name], s.flexible);
  }
  if (s.flexible) writeTagged(w, s, o);
}

function isDefaultValue(f: CField, v: unknown): boolean {
  if (v === undefined) return true;
  if (v === null) return f.def === null || !f.nullable;
  if (f.kind === K_ARRAY) return (v as unknown[]).length === 0 && f.def !== null;
  if (f.kind === K_STRUCT || f.kind === K_BYTES || f.kind === K_RECORDS || f.kind === K_UUID) return false;
  return v === defaultOf(f);
}

function writeTagged(w: ByteWriter, s: CStruct, o: Body | undefined | null): void {
  if (s.tagged.length === 0) { w.uvarint(0); return; }
  const present: CField[] = [];
  for (const f of s.tagged) if (o != null && !isDefaultValue(f, o[f.name])) present.push(f);
  w.uvarint(present.length);
  for (const f of present) {
    const tmp = new ByteWriter(64);
    writeValue(tmp, f, f.kind, o![f.name], true);
    w.uvarint(f.tag);
    w.uvarint(tmp.pos);
    w.bytes(tmp.view());
  }
}

function writeLength(w: ByteWriter, n: number, flexible: boolean, classicInt32: boolean): void {
  if (flexible) w.uvarint(n + 1);
  else if (classicInt32) w.int32(n);
  else w.int16(n);
}

function writeValue(w: ByteWriter, f: CField, kind: number, v: any, flexible: boolean): void {
  if (v === undefined || (v === null && !f.nullable)) v = kind === f.kind ? defaultOf(f) : itemDefault(kind);
  switch (kind) {
    case K_INT8: w.int8(v); return;
    case K_INT16: w.int16(v); return;
    case K_INT32: w.int32(v); return;
    case K_INT64: w.int64(v); return;
    case K_UINT16: w.uint16(v); return;
    case K_FLOAT64: w.float64(v); return;
    case K_BOOL: w.bool(v); return;
    case K_UUID: w.bytes(v ?? ZERO_UUID); return;
    case K_STRING: {
      if (v === null) { writeLength(w, -1, flexible, false); return; }
      const s = String(v);
      writeLength(w, Buffer.byteLength(s), flexible, false);
      w.utf8(s);
      return;
    }
    case K_BYTES:
    case K_RECORDS: {
      if (v === null) { writeLength(w, -1, flexible, true); return; }
      writeLength(w, v.length, flexible, true);
      if (kind === K_RECORDS && w.chunks !== null && v.length >= ZERO_COPY_MIN) w.appendRef(v);
      else w.bytes(v);
      return;
    }
    case K_STRUCT: {
      if (f.nullable) {
        if (v === null) { w.int8(-1); return; }
        w.int8(1);
      }
      writeStruct(w, f.sub!, v);
      return;
    }
    case K_ARRAY: {
      if (v === null) { writeLength(w, -1, flexible, true); return; }
      const n = v.length;
      writeLength(w, n, flexible, true);
      const ik = f.itemKind;
      if (ik === K_STRUCT) {
        const sub = f.sub!;
        for (let i = 0; i < n; i++) writeStruct(w, sub, v[i]);
      } else {
        for (let i = 0; i < n; i++) writeValue(w, f, ik, v[i], flexible);
      }
      return;
    }
  }
}

/** Compiles one message at one version. Throws RangeError for a version outside validVersions. */
export function compileMessage(spec: MessageSpec, version: number): MessageCodec {
  if (!inRange(version, spec.validVersions)) throw new RangeError(`${spec.name} has no version ${version}`);
  const flexible = inRange(version, spec.flexibleVersions);
  const root = compileStruct(spec.fields, version, flexible);
  return {
    flexible,
    read: (r) => readStruct(r, root),
    write: (w, body) => writeStruct(w, root, body),
  };
}
