// What the signer agrees to sign: the client's single-use approvals plus protocol order rules.
// Guards: no signature without a matching approval; Bob never signs the lock before he holds a
// cosigned cancel and a decryptable refund (protocol.md section 1 "Who locks first").
//
// Policy, per (swapId, role), in this signer process's memory:
//  1. Every action except `hold-peer-cancel` needs a prior `approve {swapId, role, action, digest}`
//     for exactly that digest. An approval is consumed when the action succeeds (single use); after
//     a signer restart the client re-approves (it rebuilds from its datum messages anyway).
//  2. Each action belongs to one role (ACTION_ROLES): e.g. only Bob signs a lock or decrypts a refund.
//  3. Bob `hold-peer-cancel` is accepted only for the cancel digest his signer signed.
//  4. Bob `sign-lock` needs, in this process: his own cancel signature, Alice's verified cancel
//     signature on the same digest, and Alice's refund adaptor signature verified and decrypted.
//  5. Alice `adaptor-sign-refund` needs her own cancel signature first (protocol step 8 order).
//  6. `recover-sweep-key` returns a Monero key only: it needs an approval for the buy (Bob) or refund
//     (Alice) digest, our own valid adaptor signature on it, and a peer share matching the peer's K_s.
//  7. `sign-funding-sweep` (Bob, the funding key) and `sign-lock` exclude each other per swap: the
//     funding output goes either to the lock or back to Bob, never both (a signed lock still in the
//     daemon's hands must not race a sweep of the same coins). Several sweep inputs may be signed.
// The signer cannot check that a digest is the sighash of a valid protocol transaction: the client
// validates the transactions and approves their digests; the rules above bound what a compromised
// daemon can obtain without that approval.
import type { SignAction } from './signer-protocol';
import type { BtcKeyName, SwapRole } from './key-source';

export const ACTION_ROLES: Readonly<Record<SignAction, readonly SwapRole[]>> = {
  'sign-cancel': ['alice', 'bob'],
  'sign-refund': ['bob'],
  'sign-punish': ['alice'],
  'sign-buy': ['alice'],
  'sign-lock': ['bob'],
  'sign-funding-sweep': ['bob'],
  'adaptor-sign-refund': ['alice'],
  'adaptor-sign-buy': ['bob'],
  'decrypt-refund': ['bob'],
  'decrypt-buy': ['alice'],
  'hold-peer-cancel': ['bob'],
  'recover-sweep-key': ['alice', 'bob'],
};

/** The role key each signing action uses (the decrypt actions use the adaptor secret). */
export const ACTION_KEY: Readonly<Partial<Record<SignAction, BtcKeyName>>> = {
  'sign-cancel': 'cancel',
  'sign-refund': 'refund',
  'sign-punish': 'punish',
  'sign-buy': 'buy',
  'sign-lock': 'fund',
  'sign-funding-sweep': 'fund',
  'adaptor-sign-refund': 'refund',
  'adaptor-sign-buy': 'buy',
};

/** The key of OUR adaptor signature the sweep key is recovered from: Bob's buy, Alice's refund. */
export const RECOVER_FROM_KEY: Readonly<Record<SwapRole, BtcKeyName>> = { bob: 'buy', alice: 'refund' };

export const NEEDS_APPROVAL = (action: SignAction): boolean => action !== 'hold-peer-cancel';

interface SwapPolicyState {
  readonly approvals: Set<string>;
  signedCancelDigest?: string;
  peerCancelDigest?: string;
  refundDecrypted: boolean;
  lockSigned: boolean;
  sweepSigned: boolean;
}

export type PolicyVerdict = { readonly ok: true } | { readonly ok: false; readonly kind: 'wrong-role' | 'not-approved' | 'policy'; readonly message: string };

const approvalKey = (action: SignAction, digest: string) => `${action}:${digest}`;

export class SignPolicy {
  private readonly swaps = new Map<string, SwapPolicyState>();

  private state(swapId: string, role: SwapRole): SwapPolicyState {
    const k = `${swapId}:${role}`;
    let s = this.swaps.get(k);
    if (!s) this.swaps.set(k, (s = { approvals: new Set(), refundDecrypted: false, lockSigned: false, sweepSigned: false }));
    return s;
  }

  approve(swapId: string, role: SwapRole, action: SignAction, digest: string): PolicyVerdict {
    if (!ACTION_ROLES[action].includes(role)) return { ok: false, kind: 'wrong-role', message: `${role} never performs ${action}` };
    this.state(swapId, role).approvals.add(approvalKey(action, digest));
    return { ok: true };
  }

  /** May this action run now? Pure check: nothing is consumed until `completed`. */
  check(swapId: string, role: SwapRole, action: SignAction, digest: string): PolicyVerdict {
    if (!ACTION_ROLES[action].includes(role)) return { ok: false, kind: 'wrong-role', message: `${role} never performs ${action}` };
    const s = this.state(swapId, role);
    if (NEEDS_APPROVAL(action) && !s.approvals.has(approvalKey(action, digest))) {
      return { ok: false, kind: 'not-approved', message: `no client approval for ${action} on this digest` };
    }
    if (action === 'hold-peer-cancel' && s.signedCancelDigest !== digest) {
      return { ok: false, kind: 'policy', message: 'peer cancel signature must be on the cancel digest this signer signed' };
    }
    if (action === 'sign-lock' && s.sweepSigned) return { ok: false, kind: 'policy', message: 'lock refused: the funding was already swept back to the wallet (abort)' };
    if (action === 'sign-funding-sweep' && s.lockSigned) {
      return { ok: false, kind: 'policy', message: 'funding sweep refused: the lock spending the same funding is already signed; let the swap refund instead' };
    }
    if (action === 'sign-lock') {
      if (s.signedCancelDigest === undefined) return { ok: false, kind: 'policy', message: 'lock refused: cancel not signed yet' };
      if (s.peerCancelDigest !== s.signedCancelDigest) return { ok: false, kind: 'policy', message: "lock refused: the peer's cancel signature is not held" };
      if (!s.refundDecrypted) return { ok: false, kind: 'policy', message: "lock refused: the peer's refund adaptor signature is not held" };
    }
    if (action === 'adaptor-sign-refund' && s.signedCancelDigest === undefined) {
      return { ok: false, kind: 'policy', message: 'refund adaptor signature refused: cancel not signed yet' };
    }
    return { ok: true };
  }

  /** Record a successful action: consume its approval and advance the order rules. */
  completed(swapId: string, role: SwapRole, action: SignAction, digest: string): void {
    const s = this.state(swapId, role);
    s.approvals.delete(approvalKey(action, digest));
    if (action === 'sign-cancel') s.signedCancelDigest = digest;
    if (action === 'hold-peer-cancel') s.peerCancelDigest = digest;
    if (action === 'decrypt-refund') s.refundDecrypted = true;
    if (action === 'sign-lock') s.lockSigned = true;
    if (action === 'sign-funding-sweep') s.sweepSigned = true;
  }
}
