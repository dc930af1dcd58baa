// What the swap view reads off a state, computed once: marked places, effective confirmations,
// which branch the swap took, the deadlines, and amounts in the units people read.
// Guards the view's honesty: every number shown comes from the state, never from a guess.
import { terminalOutcome } from '../petri/engine';
import type { NetSpec, Outcome } from '../petri/net';
import { effectiveConfs } from './chain-facts';
import type { ClientDatum } from './datum';
import type { Role } from './deal';
import type { SwapState } from './state';

export interface Confs {
  /** Effective confirmations (-1: never seen); later spends prove their parent deeper. */
  readonly lock: number;
  readonly cancel: number;
  readonly buy: number;
  readonly refund: number;
  readonly punish: number;
  /** The shallowest XMR deposit at the joint address; null when none was seen. */
  readonly xmr: number | null;
}

export interface Deadline {
  readonly id: 'cancel' | 'punish';
  readonly title: string;
  /** Blocks until the timelock opens (0: open now); null while it does not apply. */
  readonly blocksLeft: number | null;
  readonly total: number;
}

export interface ViewFacts {
  readonly s: SwapState;
  readonly role: Role;
  readonly has: (place: string) => boolean;
  readonly outcome: Outcome | null;
  readonly confs: Confs;
  /** Lock spent (or being spent) by buy: the happy tail is the one taken. */
  readonly buyPath: boolean;
  /** Cancel broadcast or confirmed: the cancel/refund/punish tail replaces the happy one. */
  readonly cancelBranch: boolean;
  readonly aborted: boolean;
  readonly cancel: Deadline;
  readonly punish: Deadline;
}

const BOB_BUY_PATH = ['bought', 'ka_req', 'sweep_keys', 'sweeping', 'end_success'];
const BOB_CANCEL_PATH = ['C', 'refund_pub', 'refund_unsafe', 'end_refund', 'end_punished'];
const ALICE_CANCEL_PATH = ['cancel_pub', 'C', 'cancel_punish_ok', 'punish_pub', 'refunded', 'kb_req', 'sweep_keys', 'sweeping', 'end_refund', 'end_punish'];

export function viewFacts(net: NetSpec, s: SwapState): ViewFacts {
  const has = (p: string) => s.marking[p] !== undefined;
  const any = (ps: readonly string[]) => ps.some(has);
  const role = s.deal.role;
  const outcome = terminalOutcome(net, s.marking);
  const e = effectiveConfs(s);
  const deposits = Object.values(s.xmrDeposits);
  const confs: Confs = { ...e, xmr: deposits.length === 0 ? null : Math.min(...deposits.map((x) => x.confs)) };
  const buyPath = role === 'bob' ? any(BOB_BUY_PATH) : has('end_success') || (has('buy_pub') && !has('C'));
  // Bob: a cancel he broadcast loses to a buy already in the chain, so cancel_pub counts only without one.
  const cancelBranch = role === 'bob' ? any(BOB_CANCEL_PATH) || (has('cancel_pub') && !buyPath) : any(ALICE_CANCEL_PATH);
  const aborted = has('aborting') || has('end_abort');
  const d = s.deal;
  const running = outcome === null;
  // Cancel matters while the lock is confirmed and no buy confirmed (a buy in the mempool can still
  // lose the race to cancel); punish once cancel confirmed.
  const cancelLeft = running && e.lock >= 1 && e.buy < 1 ? Math.max(0, d.cancelTimelock - e.lock) : null;
  const punishLeft = running && e.cancel >= 1 ? Math.max(0, d.punishTimelock - e.cancel) : null;
  return {
    s,
    role,
    has,
    outcome,
    confs,
    buyPath,
    cancelBranch,
    aborted,
    cancel: { id: 'cancel', title: 'Cancel timelock: blocks until the BTC lock can be cancelled', blocksLeft: cancelLeft, total: d.cancelTimelock },
    punish: {
      id: 'punish',
      title: role === 'bob' ? 'Punish timelock: blocks left to confirm the refund before Alice may punish' : 'Punish timelock: blocks until you may punish a missing refund',
      blocksLeft: punishLeft,
      total: d.punishTimelock,
    },
  };
}

/** The nearest safety deadline: punish once it applies (cancel is then behind us), else cancel. */
export const blocksToDeadline = (f: ViewFacts): number | null => f.punish.blocksLeft ?? f.cancel.blocksLeft;

/** Bob's funding address and exact amount, from his own session parameters (null before them). */
export function fundingOf(s: SwapState): { address: string; sats: string } | null {
  const own = s.marking['own_params'] as ClientDatum | undefined;
  return own && own.kind === 'bob-session-params' ? { address: own.funding.address, sats: own.funding.amount } : null;
}

/** Alice's joint XMR lock address, from her client's refund-procedure bundle (null before it). */
export function xmrLockAddressOf(s: SwapState): string | null {
  const b = s.marking['refund_bundle'] as ClientDatum | undefined;
  return b && b.kind === 'refund-procedure' ? b.xmr.address : null;
}

function decimal(units: string, decimals: number, trim: boolean): string {
  const v = BigInt(units);
  const base = 10n ** BigInt(decimals);
  let frac = (v % base).toString().padStart(decimals, '0');
  if (trim) frac = frac.replace(/0+$/, '');
  return frac === '' ? (v / base).toString() : `${v / base}.${frac}`;
}
/** Satoshis as BTC with all 8 decimals: the exact amount to pay, never rounded. */
export const btcText = (sats: string): string => `${decimal(sats, 8, false)} BTC`;
/** Piconero as XMR, trailing zeros dropped (12 decimals at most, never rounded). */
export const xmrText = (piconero: string): string => `${decimal(piconero, 12, true)} XMR`;

/** "1 confirmation", "2 confirmations": the one plural rule of every count the person reads. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
export const inBlocks = (k: number): string => (k <= 0 ? 'now' : `in ${plural(k, 'block')}`);
/**
 * "in about K blocks": counted from confirmations only. The tip height and a tx's confirmations come in
 * separate reports, so a block number made of both would move back and forth (255, 256, 255).
 */
export const atBlock = (k: number): string => (k <= 0 ? 'now' : `in about ${plural(k, 'block')}`);
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
