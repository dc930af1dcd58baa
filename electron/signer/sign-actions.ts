// What the signer does for one approved sign request, per action: plain ECDSA, adaptor-sign, verify
// and decrypt a peer adaptor signature, recover the joint Monero spend key, hold the peer's cancel
// signature. Pure: the policy check and its bookkeeping stay in signer-core. Guards: no private key
// or share is ever part of an answer except the joint spend key, and only after the recovered share
// matches the peer's revealed spend key.
import { fromHex, toHex } from '../../shared/hex';
import { adaptorDecrypt, adaptorEncrypt, adaptorVerify, ecdsaSign, ecdsaVerify } from '../../shared/crypto/ecdsa-adaptor';
import { addPublicKeys } from '../../shared/crypto/monero-keys';
import { jointSpendSecret, spendShareFromSignatures } from '../../shared/crypto/swap-secret-recovery';
import { publicKeysOf, type SwapRole, type SwapSecrets } from './key-source';
import { ACTION_KEY, RECOVER_FROM_KEY } from './signer-policy';
import type { ResponseEnvelope, SignAction, SignerErrorKind, SignRequest } from './signer-protocol';

export type Answer = ResponseEnvelope['result'];
export const fail = (kind: SignerErrorKind, message: string): Answer => ({ ok: false, error: { kind, message } });
export const done = (value: unknown): Answer => ({ ok: true, value });

type ActionHandler<A extends SignAction> = (secrets: SwapSecrets, role: SwapRole, req: Extract<SignRequest, { action: A }>, digest: Uint8Array) => Answer;

/** Plain ECDSA with the role's key for the action. */
const plainSign: ActionHandler<'sign-cancel' | 'sign-refund' | 'sign-punish' | 'sign-buy' | 'sign-lock' | 'sign-funding-sweep'> = (secrets, role, req, digest) => {
  const sk = secrets.btc[ACTION_KEY[req.action]!];
  if (!sk) return fail('wrong-role', `${role} holds no key for ${req.action}`);
  return done({ signature: toHex(ecdsaSign(sk, digest)) });
};

/** Adaptor-sign with the role key, encrypted to the peer's adaptor point. */
const adaptorSign: ActionHandler<'adaptor-sign-refund' | 'adaptor-sign-buy'> = (secrets, role, req, digest) => {
  const sk = secrets.btc[ACTION_KEY[req.action]!];
  if (!sk) return fail('wrong-role', `${role} holds no key for ${req.action}`);
  const a = adaptorEncrypt(sk, fromHex(req.peerAdaptor), digest);
  return a.ok ? done({ adaptorSig: toHex(a.value) }) : fail('bad-signature', `peer adaptor point refused: ${a.error.message}`);
};

/** The peer's signature must be encrypted to OUR adaptor point, for this digest, under its key. */
const decryptPeer: ActionHandler<'decrypt-refund' | 'decrypt-buy'> = (secrets, _role, req, digest) => {
  const mine = publicKeysOf(secrets).adaptor;
  const v = adaptorVerify(fromHex(req.peerKey), mine, digest, fromHex(req.adaptorSig));
  if (!v.ok) return fail('bad-signature', `peer key refused: ${v.error.message}`);
  if (!v.value) return fail('bad-signature', 'the adaptor signature does not verify for this key, digest and our adaptor point');
  const sig = adaptorDecrypt(fromHex(req.adaptorSig), secrets.adaptorSecret);
  if (!sig.ok || !ecdsaVerify(sig.value, digest, fromHex(req.peerKey))) return fail('bad-signature', 'decryption did not give a valid signature');
  return done({ signature: toHex(sig.value) });
};

/** From OUR adaptor signature and the decrypted one on chain: the peer's share, then the joint spend key. */
const recoverSweepKey: ActionHandler<'recover-sweep-key'> = (secrets, role, req, digest) => {
  const ourKey = secrets.btcPublic[RECOVER_FROM_KEY[role]]!;
  const peerT = fromHex(req.peerAdaptor);
  const mineValid = adaptorVerify(ourKey, peerT, digest, fromHex(req.adaptorSig));
  if (!mineValid.ok || !mineValid.value) return fail('bad-signature', 'not our adaptor signature on this digest to this adaptor point');
  const peerSpendPublic = fromHex(req.peerSpendPublic);
  // The DLEQ proof tied T to K_s; checking it again here means a wrong share never reaches a sweep.
  const share = spendShareFromSignatures(fromHex(req.adaptorSig), fromHex(req.signature), peerT, peerSpendPublic);
  if (!share.ok && share.error.kind === 'mismatch') return fail('bad-signature', "the recovered share does not match the peer's Monero spend key");
  if (!share.ok) return fail('bad-signature', `no share recovered: ${share.error.message}`);
  const jointPublic = addPublicKeys(secrets.xmrSpendPublic, peerSpendPublic);
  const joint = jointPublic.ok ? jointSpendSecret(secrets.xmrSpend, share.value, jointPublic.value) : jointPublic;
  if (!joint.ok) return fail('bad-signature', `joint spend key: ${joint.error.message}`);
  return done({ xmrSpendKey: toHex(joint.value) });
};

const holdPeerCancel: ActionHandler<'hold-peer-cancel'> = (_secrets, _role, req, digest) =>
  ecdsaVerify(fromHex(req.signature), digest, fromHex(req.peerKey)) ? done({ held: true }) : fail('bad-signature', "the peer's cancel signature does not verify");

/** One handler per sign action (the actions are the protocol's, see SignRequestSchema). */
const SIGN_ACTION_HANDLERS: { readonly [A in SignAction]: (secrets: SwapSecrets, role: SwapRole, req: Extract<SignRequest, { action: A }>, digest: Uint8Array) => Answer } = {
  'sign-cancel': plainSign,
  'sign-refund': plainSign,
  'sign-punish': plainSign,
  'sign-buy': plainSign,
  'sign-lock': plainSign,
  'sign-funding-sweep': plainSign,
  'adaptor-sign-refund': adaptorSign,
  'adaptor-sign-buy': adaptorSign,
  'decrypt-refund': decryptPeer,
  'decrypt-buy': decryptPeer,
  'recover-sweep-key': recoverSweepKey,
  'hold-peer-cancel': holdPeerCancel,
};

/** Perform one sign request the policy already let through. */
export function runSignAction(secrets: SwapSecrets, role: SwapRole, req: SignRequest): Answer {
  const handler = SIGN_ACTION_HANDLERS[req.action] as ActionHandler<SignAction>;
  return handler(secrets, role, req, fromHex(req.digest));
}
