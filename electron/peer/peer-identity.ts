// A daemon's peer identity: one ed25519 key that signs offers (shared/offer) and authenticates the
// daemon in TLS 1.3 through a self-signed certificate. Guards: the key a peer proves in the
// handshake is the key we compare, byte for byte, with the pinned or bound one; nothing else in the certificate counts.
//
// The certificate is only a carrier for the key (no CA, no names, no dates are checked), so it is a
// fixed DER template signed with node:crypto; a 12-package X.509 library would add surface for no
// gain. OpenSSL still verifies the handshake's CertificateVerify signature, i.e. that the peer
// holds the private key of the certificate it shows.
import { createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject, type X509Certificate } from 'node:crypto';

export interface PeerIdentity {
  /** ed25519 public key, lowercase hex: the value an offer carries as `makerKey`. */
  readonly publicKeyHex: string;
  /** PEM private key and self-signed certificate, for node:tls. */
  readonly keyPem: string;
  readonly certPem: string;
}

/** RFC 8410 PKCS#8 wrapping of a raw 32-byte ed25519 seed. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const der = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
};

const ED25519_ALG = der(0x30, der(0x06, Buffer.from([0x2b, 0x65, 0x70]))); // OID 1.3.101.112
const NAME = der(0x30, der(0x31, der(0x30, der(0x06, Buffer.from([0x55, 0x04, 0x03])), der(0x0c, Buffer.from('fcswap peer')))));
// RFC 5280 4.1.2.5: 99991231235959Z means "no well-defined expiration".
const VALIDITY = der(0x30, der(0x18, Buffer.from('20000101000000Z')), der(0x18, Buffer.from('99991231235959Z')));

function selfSignedCertPem(privateKey: KeyObject, publicKey: KeyObject): string {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const tbs = der(0x30, der(0xa0, der(0x02, Buffer.from([2]))), der(0x02, Buffer.from([1])), ED25519_ALG, NAME, VALIDITY, NAME, spki);
  const signature = sign(null, tbs, privateKey);
  const cert = der(0x30, tbs, ED25519_ALG, der(0x03, Buffer.from([0]), signature));
  const lines = cert.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The identity of a 32-byte ed25519 seed (the same seed `createOffer` signs with). */
export function identityFromSeed(seed: Uint8Array): PeerIdentity {
  if (seed.length !== 32) throw new RangeError('identity seed must be 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const x = publicKey.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('ed25519 public key export failed');
  return {
    publicKeyHex: Buffer.from(x, 'base64url').toString('hex'),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem: selfSignedCertPem(privateKey, publicKey),
  };
}

export const generateIdentitySeed = (): Uint8Array => new Uint8Array(randomBytes(32));

/** The ed25519 key (hex) a peer's certificate carries, or undefined for any other key type. */
export function peerKeyOfCertificate(cert: X509Certificate | undefined): string | undefined {
  if (cert === undefined) return undefined;
  const key = cert.publicKey;
  if (key.asymmetricKeyType !== 'ed25519') return undefined;
  const x = key.export({ format: 'jwk' }).x;
  return typeof x === 'string' ? Buffer.from(x, 'base64url').toString('hex') : undefined;
}
