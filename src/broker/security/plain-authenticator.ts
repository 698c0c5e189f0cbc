import { timingSafeEqual } from 'node:crypto';

/** SASL/PLAIN: "authzid\0user\0password"; returns the user on success, null otherwise. */
export function authenticatePlain(authBytes: Buffer, users: Readonly<Record<string, string>>): string | null {
  const parts = authBytes.toString('utf8').split('\u0000');
  if (parts.length !== 3) return null;
  const [, user, password] = parts as [string, string, string];
  const expected = users[user];
  if (expected === undefined) return null;
  const a = Buffer.from(expected);
  const b = Buffer.from(password);
  return a.length === b.length && timingSafeEqual(a, b) ? user : null;
}
