// The one place a swap secret is recovered: the counterparty's Monero spend share out of a published buy
// or refund transaction (its decrypted adaptor signature, against ours), and the joint spend key. The
// client picks the signature from the transaction (`publishedSignature`); the signer, which holds our
// share, recovers (`spendShareFromSignatures`, `jointSpendSecret`). Invariant: a recovered share is
// returned only if it opens the share's public key (k·B == K_s^peer), and a joint key only if it opens
// the joint address (s·B == S).
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import { witnessSignature } from './btc-swap-txs';
import { adaptorRecover } from './ecdsa-adaptor';
import { addSecrets, checkKeyPair } from './monero-keys';
import { adaptorSecretToMonero } from './swap-key-derivation';

/** Which witness item holds the decrypted adaptor signature (protocol.md 6.1). */
const ITEM = { buy: 0, refund: 1 } as const;

/**
 * The decrypted adaptor signature a published transaction carries. buy: item 0 is Bob's signature
 * (decrypted by Alice with ka); refund: item 1 is Alice's (decrypted by Bob with kb).
 */
export function publishedSignature(kind: 'buy' | 'refund', publishedTx: Uint8Array): CryptoResult<Uint8Array> {
  return witnessSignature(publishedTx, ITEM[kind]);
}

/**
 * The peer's Monero spend share from our adaptor signature (encrypted to the peer's adaptor point
 * `encryptionKey`) and the decrypted signature published on chain; refused unless it opens
 * `peerSpendPublic` (the key the peer's DLEQ proof tied to that point).
 */
export function spendShareFromSignatures(
  adaptorSignature: Uint8Array,
  signature: Uint8Array,
  encryptionKey: Uint8Array,
  peerSpendPublic: Uint8Array,
): CryptoResult<Uint8Array> {
  const y = adaptorRecover(encryptionKey, adaptorSignature, signature);
  if (!y.ok) return y;
  const share = adaptorSecretToMonero(y.value);
  if (!share.ok) return share;
  const check = checkKeyPair(share.value, peerSpendPublic);
  if (!check.ok) return fail('mismatch', `recovered secret does not open the peer's spend key: ${check.error.message}`);
  return ok(share.value);
}

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
  const sig = publishedSignature(kind, publishedTx);
  return sig.ok ? spendShareFromSignatures(adaptorSignature, sig.value, encryptionKey, peerSpendPublic) : sig;
}

/** k_s = own + peer mod l, accepted only if it is the private key of the joint public spend key. */
export function jointSpendSecret(ownShare: Uint8Array, peerShare: Uint8Array, jointSpendPublic: Uint8Array): CryptoResult<Uint8Array> {
  const ks = addSecrets(ownShare, peerShare);
  if (!ks.ok) return ks;
  const check = checkKeyPair(ks.value, jointSpendPublic);
  return check.ok ? ks : check;
}
