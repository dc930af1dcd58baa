// HTTP Digest authentication (RFC 7616, MD5, qop=auth) as monero-wallet-rpc's --rpc-login demands it.
// Invariant: the password never crosses the wire; each request gets a fresh cnonce and an increasing nonce count.
import { createHash, randomBytes } from 'node:crypto';

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** Reads realm/nonce/opaque from a WWW-Authenticate value (several challenges may be joined by commas). */
export function parseDigestChallenge(header: string | null): DigestChallenge | null {
  if (header === null || !/digest/i.test(header)) return null;
  const field = (name: string) => new RegExp(`${name}="([^"]*)"`, 'i').exec(header)?.[1];
  const realm = field('realm');
  const nonce = field('nonce');
  if (realm === undefined || nonce === undefined) return null;
  const opaque = field('opaque');
  return opaque === undefined ? { realm, nonce } : { realm, nonce, opaque };
}

export function digestAuthorization(
  c: DigestChallenge,
  user: string,
  password: string,
  method: string,
  uri: string,
  nc: number,
  cnonce: string = randomBytes(8).toString('hex'),
): string {
  const ncHex = nc.toString(16).padStart(8, '0');
  const ha1 = md5(`${user}:${c.realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const response = md5(`${ha1}:${c.nonce}:${ncHex}:${cnonce}:auth:${ha2}`);
  return (
    `Digest username="${user}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", algorithm=MD5, ` +
    `response="${response}", qop=auth, nc=${ncHex}, cnonce="${cnonce}"${c.opaque !== undefined ? `, opaque="${c.opaque}"` : ''}`
  );
}
