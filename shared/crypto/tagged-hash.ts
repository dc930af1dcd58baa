// BIP340-style tagged SHA-256: sha256(sha256(tag) || sha256(tag) || data...).
// Invariant: every hash in shared/crypto that is tagged goes through here, so domains never collide.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

const prefixes = new Map<string, Uint8Array>();

export function taggedHash(tag: string, ...data: Uint8Array[]): Uint8Array {
  let prefix = prefixes.get(tag);
  if (!prefix) {
    const t = sha256(utf8ToBytes(tag));
    prefix = new Uint8Array(64);
    prefix.set(t, 0);
    prefix.set(t, 32);
    prefixes.set(tag, prefix);
  }
  const h = sha256.create().update(prefix);
  for (const d of data) h.update(d);
  return h.digest();
}
