// Cryptographic checks of a counterparty message before it is appended: commit/reveal match, the
// cross-group DLEQ proof, distinct points, signatures and adaptor signatures against the tx templates.
// Invariant: a message that fails any check never reaches the decider as valid; it becomes a
// `peer-invalid` verdict (abort before lock, the timelocked path after), and nothing else changes.
import { canonicalJson } from '../../canonical-json';
import { fromHex } from '../../hex';
import type { SwapId } from '../../ids';
import { adaptorVerify, ecdsaVerify } from '../../crypto/ecdsa-adaptor';
import { dleqVerify } from '../../crypto/cross-group-dleq';
import { parsePoint33 } from '../../crypto/secp-codec';
import type { Deal, Role } from '../../protocol/deal';
import type { CoreArbitratingSetup, PeerMessage, RevealAlice, RevealBob } from '../../protocol/peer-messages';
import type { AppError, Result } from '../../result';
import type { PeerEvidence } from './peer-evidence';
import { commitMismatch } from '../../protocol/reveal-commitment';

/** Template validation and BIP143 sighashes of the arbitrating txs (shared/crypto, behind a port). */
export interface ArbitratingChecks {
  /** Lock, cancel and refund match the templates for these keys and the deal (amounts, scripts, sequences, fees). */
  checkSetup(
    setup: CoreArbitratingSetup,
    keys: { alice: RevealAlice; bob: RevealBob },
    deal: Deal,
  ): Result<{ readonly cancelSighash: Uint8Array; readonly refundSighash: Uint8Array }, AppError>;
  /** Buy spends the lock of `setup` to Alice's address with the deal's amount minus the fee. */
  checkBuy(
    buyHex: string,
    setup: CoreArbitratingSetup,
    keys: { alice: RevealAlice; bob: RevealBob },
    deal: Deal,
  ): Result<{ readonly buySighash: Uint8Array }, AppError>;
}

/** Message types each role may receive from its counterparty. */
const RECEIVES: Readonly<Record<Role, readonly PeerMessage['type'][]>> = {
  alice: ['commit-bob', 'reveal-bob', 'core-arbitrating-setup', 'buy-procedure-signature', 'abort'],
  bob: ['commit-alice', 'reveal-alice', 'refund-procedure-signatures', 'abort'],
};

export interface VerifyContext {
  readonly swapId: SwapId;
  readonly deal: Deal;
  readonly evidence: PeerEvidence;
  /** null until the crypto module's tx templates are wired: every signature message is then refused. */
  readonly arbitrating: ArbitratingChecks | null;
  /** A DLEQ verdict reached off this thread (worker pool) for exactly this proof and statement. */
  readonly dleqChecked?: DleqChecked;
}

export interface DleqChecked {
  readonly proof: string;
  readonly spend: string;
  readonly adaptor: string;
  readonly valid: boolean;
}

/**
 * The reveal whose DLEQ proof the sync path would verify next, or null: not a reveal, the same reveal
 * again (skipped), or one refused by a cheaper check first (no commit, commit mismatch).
 */
export function revealNeedingDleq(msg: PeerMessage, ev: PeerEvidence): RevealAlice | RevealBob | null {
  if (msg.type !== 'reveal-alice' && msg.type !== 'reveal-bob') return null;
  if (!ev.peerCommit || (ev.peerReveal && canonicalJson(ev.peerReveal) === canonicalJson(msg))) return null;
  return commitMismatch(ev.peerCommit, msg) ? null : msg;
}

/** null = the message is valid; otherwise the reason it is not (becomes a `peer-invalid` verdict). */
export function verifyPeerMessage(msg: PeerMessage, ctx: VerifyContext): string | null {
  const role = ctx.deal.role;
  if (msg.swapId !== ctx.swapId) return 'message names another swap';
  if (!RECEIVES[role].includes(msg.type)) return `${role} never receives ${msg.type}`;
  const ev = ctx.evidence;
  switch (msg.type) {
    case 'commit-alice':
    case 'commit-bob':
    case 'abort':
      return null;
    case 'reveal-alice':
    case 'reveal-bob': {
      if (!ev.peerCommit) return 'reveal before commit';
      // The reveal already accepted, sent again (a resend, a replay): it passed against this same
      // commit and our same reveal, so it passes again; the DLEQ check costs seconds of CPU on the
      // daemon's thread and a peer could otherwise make us redo it at will. The decider drops it.
      if (ev.peerReveal && canonicalJson(ev.peerReveal) === canonicalJson(msg)) return null;
      const mismatch = commitMismatch(ev.peerCommit, msg);
      if (mismatch) return mismatch;
      return checkRevealKeys(msg, ev.ownReveal, ctx.dleqChecked);
    }
    case 'core-arbitrating-setup': {
      const keys = revealPair(ev);
      if (!keys) return 'setup before both reveals';
      if (!ctx.arbitrating) return 'no arbitrating transaction checker available: cannot verify the setup';
      const c = ctx.arbitrating.checkSetup(msg, keys, ctx.deal);
      if (!c.ok) return `setup rejected: ${c.error.message}`;
      if (!sigOk(msg.cancelSig, c.value.cancelSighash, keys.bob.cancel)) return "Bob's cancel signature does not verify";
      return null;
    }
    case 'refund-procedure-signatures': {
      const keys = revealPair(ev);
      if (!keys || !ev.setup) return 'refund signatures before the setup was sent';
      if (!ctx.arbitrating) return 'no arbitrating transaction checker available: cannot verify the refund signatures';
      const c = ctx.arbitrating.checkSetup(ev.setup, keys, ctx.deal);
      if (!c.ok) return `own setup no longer checks: ${c.error.message}`;
      if (!sigOk(msg.cancelSig, c.value.cancelSighash, keys.alice.cancel)) return "Alice's cancel signature does not verify";
      const a = adaptorVerify(fromHex(keys.alice.refund), fromHex(keys.bob.adaptor), c.value.refundSighash, fromHex(msg.refundAdaptorSig));
      if (!a.ok || !a.value) return "Alice's refund adaptor signature does not verify against Tb";
      return null;
    }
    case 'buy-procedure-signature': {
      const keys = revealPair(ev);
      if (!keys || !ev.setup) return 'buy signature before the setup';
      if (!ctx.arbitrating) return 'no arbitrating transaction checker available: cannot verify the buy signature';
      const c = ctx.arbitrating.checkBuy(msg.buy, ev.setup, keys, ctx.deal);
      if (!c.ok) return `buy rejected: ${c.error.message}`;
      const a = adaptorVerify(fromHex(keys.bob.buy), fromHex(keys.alice.adaptor), c.value.buySighash, fromHex(msg.buyAdaptorSig));
      if (!a.ok || !a.value) return "Bob's buy adaptor signature does not verify against Ta";
      return null;
    }
  }
}

function revealPair(ev: PeerEvidence): { alice: RevealAlice; bob: RevealBob } | null {
  const all = [ev.peerReveal, ev.ownReveal];
  const alice = all.find((r): r is RevealAlice => r?.type === 'reveal-alice');
  const bob = all.find((r): r is RevealBob => r?.type === 'reveal-bob');
  return alice && bob ? { alice, bob } : null;
}

function sigOk(sigHex: string, sighash: Uint8Array, keyHex: string): boolean {
  try {
    return ecdsaVerify(fromHex(sigHex), sighash, fromHex(keyHex));
  } catch {
    return false;
  }
}

/** Points on the curve, pairwise distinct and distinct from ours, and the DLEQ proof binds spend to adaptor. */
function checkRevealKeys(r: RevealAlice | RevealBob, own: RevealAlice | RevealBob | null, pre?: DleqChecked): string | null {
  const secp = r.type === 'reveal-alice' ? [r.buy, r.cancel, r.refund, r.punish, r.adaptor] : [r.buy, r.cancel, r.refund, r.adaptor];
  for (const k of secp) if (!parsePoint33(fromHex(k), 'key').ok) return 'a revealed key is not a secp256k1 point';
  // Aliasing buy=cancel and refund=punish is the protocol's (core), so only the adaptor must differ from the rest.
  if (secp.filter((k) => k === r.adaptor).length !== 1) return 'the adaptor point repeats another key';
  if (own) {
    const ours = new Set([own.buy, own.cancel, own.refund, own.adaptor, own.spend]);
    for (const k of [...secp, r.spend]) if (ours.has(k)) return 'the counterparty reused one of our keys';
  }
  // Verified off this thread already (same bytes): take that verdict; otherwise verify here.
  if (pre && pre.proof === r.proof && pre.spend === r.spend && pre.adaptor === r.adaptor) return pre.valid ? null : 'DLEQ proof does not bind the spend share to the adaptor point';
  const d = dleqVerify(fromHex(r.proof), { ed25519: fromHex(r.spend), secp256k1: fromHex(r.adaptor) });
  if (!d.ok) return `DLEQ proof malformed: ${d.error.message}`;
  if (!d.value) return 'DLEQ proof does not bind the spend share to the adaptor point';
  return null;
}
