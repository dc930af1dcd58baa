// Reads the counterparty's Monero spend share out of a published buy or refund transaction and
// builds the joint spend key. Invariant: a recovered share is returned only if it opens the share's
// public key (k·B == K_s^peer), and a joint key only if it opens the joint address (s·B == S).
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import { witnessSignature } from './btc-swap-txs';
import { adaptorRecover } from './ecdsa-adaptor';
import { addSecrets, checkKeyPair } from './monero-keys';
import { adaptorSecretToMonero } from './swap-key-derivation';

/** Which witness item holds the decrypted adaptor signature (protocol.md 6.1). */
const ITEM = { buy: 0, refund: 1 } as const;

/**
 * buy: Bob recovers Alice's `ka` (item 0 is his own signature, decrypted by Alice with ka);
 * refund: Alice recovers Bob's `kb` (item 1 is her signature, decrypted by Bob with kb).
 */
export function recoverSpendShare(
  kind: 'buy' | 'refund',
  publishedTx: Uint8Array,
  adaptorSignature: Uint8Array,
  encryptionKey: Uint8Array,
  peerSpendPublic: Uint8Array,
): CryptoResult<Uint8Array> {
  const sig = witnessSignature(publishedTx, ITEM[kind]);
  if (!sig.ok) return sig;
  const y = adaptorRecover(encryptionKey, adaptorSignature, sig.value);
  if (!y.ok) return y;
  const share = adaptorSecretToMonero(y.value);
  if (!share.ok) return share;
  const check = checkKeyPair(share.value, peerSpendPublic);
  if (!check.ok) return fail('mismatch', `recovered secret does not open the peer's spend key: ${check.error.message}`);
  return ok(share.value);
}

/** k_s = own + peer mod l, accepted only if it is the private key of the joint public spend key. */
export function jointSpendSecret(ownShare: Uint8Array, peerShare: Uint8Array, jointSpendPublic: Uint8Array): CryptoResult<Uint8Array> {
  const ks = addSecrets(ownShare, peerShare);
  if (!ks.ok) return ks;
  const check = checkKeyPair(ks.value, jointSpendPublic);
  return check.ok ? ks : check;
}
