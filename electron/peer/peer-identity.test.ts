// The peer identity: the certificate is a valid self-signed X.509 that Node parses and verifies,
// and its key is exactly the ed25519 key an offer carries for the same seed.
import { createPrivateKey, sign, verify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identityKeyOf } from '../../shared/offer/offer';
import { generateIdentitySeed, identityFromSeed, peerKeyOfCertificate } from './peer-identity';

describe('peer identity', () => {
  it('the certificate parses, is self-signed by its own key, and carries the offer key of the seed', () => {
    for (let i = 0; i < 5; i++) {
      const seed = generateIdentitySeed();
      const id = identityFromSeed(seed);
      const cert = new X509Certificate(id.certPem);
      expect(cert.verify(cert.publicKey)).toBe(true);
      expect(peerKeyOfCertificate(cert)).toBe(id.publicKeyHex);
      expect(id.publicKeyHex).toBe(identityKeyOf(seed));
    }
  });

  it('the private key signs what the certificate key verifies', () => {
    const id = identityFromSeed(new Uint8Array(32).fill(5));
    const msg = Buffer.from('proof of possession');
    const sig = sign(null, msg, createPrivateKey(id.keyPem));
    expect(verify(null, msg, new X509Certificate(id.certPem).publicKey, sig)).toBe(true);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = identityFromSeed(new Uint8Array(32).fill(1));
    const b = identityFromSeed(new Uint8Array(32).fill(1));
    const c = identityFromSeed(new Uint8Array(32).fill(2));
    expect(a.publicKeyHex).toBe(b.publicKeyHex);
    expect(a.publicKeyHex).not.toBe(c.publicKeyHex);
  });

  it('refuses a seed of the wrong length (a bug) and reads no key from a missing certificate', () => {
    expect(() => identityFromSeed(new Uint8Array(31))).toThrow(RangeError);
    expect(peerKeyOfCertificate(undefined)).toBeUndefined();
  });
});
