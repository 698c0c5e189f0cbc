/**
 * The certificates of a PKCS12 trust store (RFC 7292), for client-certificate checks: Node reads a PKCS12
 * file only as its own identity (`pfx`, which must hold a private key), so a trust store — certificates only,
 * as keytool and `openssl pkcs12 -export -nokeys` write it — is unpacked here. Handles plain and PBES2
 * (PBKDF2 + AES-CBC) protected bags: what openssl 3 and Java ≥ 11.0.12 write by default. Older
 * RC2/3DES-protected files are refused with the command that converts them to PEM. The MAC is not checked
 * (a wrong password shows up as a failed decryption).
 */
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';

interface Der {
  readonly tag: number;
  /** The content bytes. */
  readonly body: Buffer;
}

const OID = {
  data: '2a864886f70d010701',
  encryptedData: '2a864886f70d010706',
  certBag: '2a864886f70d010c0a0103',
  x509Certificate: '2a864886f70d01091601',
  pbes2: '2a864886f70d01050d',
  pbkdf2: '2a864886f70d01050c',
} as const;

const PRF: Record<string, string> = {
  '2a864886f70d0207': 'sha1', '2a864886f70d0208': 'sha224', '2a864886f70d0209': 'sha256',
  '2a864886f70d020a': 'sha384', '2a864886f70d020b': 'sha512',
};
const AES: Record<string, { cipher: string; keyLength: number }> = {
  '608648016503040102': { cipher: 'aes-128-cbc', keyLength: 16 },
  '608648016503040116': { cipher: 'aes-192-cbc', keyLength: 24 },
  '60864801650304012a': { cipher: 'aes-256-cbc', keyLength: 32 },
};

/** DER-encoded X.509 certificates found in the store's certificate bags. */
export function pkcs12Certificates(file: Buffer, password: string, location: string): Buffer[] {
  try {
    const pfx = children(one(file));
    const authSafe = contentInfoData(pfx[1]!);
    const certs: Buffer[] = [];
    for (const ci of children(one(authSafe))) {
      const [type, content] = children(ci);
      const oid = type!.body.toString('hex');
      let safeContents: Buffer;
      if (oid === OID.data) safeContents = children(content!)[0]!.body;
      else if (oid === OID.encryptedData) safeContents = decrypt(children(children(content!)[0]!), password, location);
      else continue;
      for (const bag of children(one(safeContents))) {
        const [bagId, bagValue] = children(bag);
        if (bagId!.body.toString('hex') !== OID.certBag) continue;
        const [certId, certValue] = children(one(bagValue!.body));
        if (certId!.body.toString('hex') !== OID.x509Certificate) continue;
        certs.push(one(certValue!.body).body);
      }
    }
    if (certs.length === 0) throw new Error('no certificates in it');
    return certs;
  } catch (err) {
    const message = (err as Error).message;
    throw new Error(`${location}: cannot read the PKCS12 trust store (${message}). Converting it to PEM always works:\n`
      + `  openssl pkcs12 -in ${location} -nokeys -out truststore.pem   (add -legacy for old RC2/3DES files)\n`
      + 'then set ssl.truststore.type=PEM and ssl.truststore.location=truststore.pem');
  }
}

/** encryptedData's content: [version, EncryptedContentInfo{contentType, algorithm, [0] encryptedContent}]. */
function decrypt(encryptedData: Der[], password: string, location: string): Buffer {
  const eci = children(encryptedData[1]!);
  const [algOid, params] = children(eci[1]!);
  if (algOid!.body.toString('hex') !== OID.pbes2) throw new Error(`${location} is protected with a legacy algorithm (RC2/3DES); only PBES2 (AES) is read`);
  const [kdf, scheme] = children(params!);
  const [kdfOid, kdfParams] = children(kdf!);
  if (kdfOid!.body.toString('hex') !== OID.pbkdf2) throw new Error('unsupported key derivation (PBKDF2 expected)');
  const kp = children(kdfParams!);
  const salt = kp[0]!.body;
  const iterations = Number(BigInt('0x' + kp[1]!.body.toString('hex')));
  const prfDer = kp.find((d, i) => i >= 2 && d.tag === 0x30);
  const digest = prfDer === undefined ? 'sha1' : PRF[children(prfDer)[0]!.body.toString('hex')];
  const [encOid, iv] = children(scheme!);
  const aes = AES[encOid!.body.toString('hex')];
  if (digest === undefined || aes === undefined) throw new Error('unsupported PBES2 digest or cipher');
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, aes.keyLength, digest);
  const content = eci[2]!;
  // [0] IMPLICIT OCTET STRING: primitive (0x80) or, in BER, constructed (0xa0) from OCTET STRING pieces
  const encrypted = content.tag === 0x80 ? content.body : Buffer.concat(children(content).map((d) => d.body));
  try {
    const d = createDecipheriv(aes.cipher, key, iv!.body);
    return Buffer.concat([d.update(encrypted), d.final()]);
  } catch {
    throw new Error('decryption failed: wrong ssl.truststore.password?');
  }
}

/** ContentInfo{data, [0] OCTET STRING} → the octets (a DER value). */
function contentInfoData(ci: Der): Buffer {
  const [type, content] = children(ci);
  if (type!.body.toString('hex') !== OID.data) throw new Error('not a password-integrity PKCS12 file');
  return children(content!)[0]!.body;
}

function one(buf: Buffer): Der {
  const [d] = read(buf, 0);
  return d;
}

function children(d: Der): Der[] {
  const out: Der[] = [];
  for (let at = 0; at < d.body.length;) {
    const [child, next] = read(d.body, at);
    out.push(child);
    at = next;
  }
  return out;
}

function read(buf: Buffer, at: number): [Der, number] {
  if (at + 2 > buf.length) throw new Error('truncated DER');
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length (indefinite BER lengths are not read)');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    start += n;
  }
  if (start + len > buf.length) throw new Error('truncated DER');
  return [{ tag, body: buf.subarray(start, start + len) }, start + len];
}
