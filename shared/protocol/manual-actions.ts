// The person's manual commands on a locked swap: cancel, refund (Bob), punish (Alice), "now". The
// daemon normally does each by itself when its timelock opens; a manual command is for a person who
// wants to act at once, or whose app's automation is broken (a syncer that stalled, a retry that waits
// for a block). It enters as a client datum (`{kind:'manual', action}`) through the same road as every
// input: gate -> decider (this check, then the broadcast as recorded outputs) -> durable append ->
// effects, so the broadcast is in the transcript before it is published, and a refused command
// records nothing.
// Guards: a command is refused, with the reason the person reads, whenever it is not valid on chain
// now (a timelock not open, a parent not confirmed, the output already spent, the swap ended, the
// wrong role) or unsafe: punish before the punish timelock, refund once a punish is seen, cancel once
// buy is seen. One thing it deliberately allows, with a warning: Bob's refund after the safe-refund
// window (or after the punish timelock, while no punish is seen). Refusing it would protect nothing:
// the net itself refunds then (ARCHITECTURE: `safe_refund` is a warning, not a block), and racing
// punish is Bob's only way back to his BTC; if punish wins, what the refund leaks (his XMR key share)
// only opens XMR that was never his.
// Pure: it reads the folded state (what the syncers reported), never a node.
import { appError, err, ok, type AppError, type Result } from '../result';
import { terminalOutcome } from '../petri/engine';
import { LIVE } from '../petri/net-builder';
import { effectiveConfs } from './chain-facts';
import { broadcast, watchTx } from './emit';
import { ALICE_NET } from './net-alice';
import { BOB_NET } from './net-bob';
import type { SwapState } from './state';
import type { Emit } from './transcript';
import type { Txid } from '../ids';

export const MANUAL_ACTIONS = ['cancel', 'refund', 'punish'] as const;
export type ManualAction = (typeof MANUAL_ACTIONS)[number];

/** Why a command is refused; the message says it in the person's words. */
export type ManualRefusalReason =
  | 'wrong-role'
  | 'ended'
  | 'syncing'
  | 'not-locked'
  | 'no-signed-tx'
  | 'timelock-closed'
  | 'parent-unconfirmed'
  | 'spent-by-other'
  | 'already-on-chain';

export interface ManualRefusal extends AppError<'manual-refused'> {
  readonly reason: ManualRefusalReason;
}

export interface ManualPlan {
  readonly action: ManualAction;
  readonly txid: Txid;
  readonly hex: string;
  /** The node already has it in its mempool: sending it again is harmless, it only waits for a block. */
  readonly inMempool: boolean;
  /** Allowed, but the person should know (Bob's late refund). */
  readonly warning: string | null;
}

const refuse = (reason: ManualRefusalReason, message: string): Result<ManualPlan, ManualRefusal> => err({ ...appError('manual-refused', message), reason });

/** Where each role's signed transaction lives: the client datum token that carried it in (as step.ts re-broadcasts). */
const SIGNED: Readonly<Record<string, readonly [place: string, field: string]>> = {
  'bob:cancel': ['lock_bundle', 'cancelSigned'],
  'bob:refund': ['lock_bundle', 'refundSigned'],
  'alice:cancel': ['refund_bundle', 'cancelSigned'],
  'alice:punish': ['refund_bundle', 'punishSigned'],
};

function signedTx(s: SwapState, action: ManualAction): { txid: Txid; hex: string } | null {
  const where = SIGNED[`${s.deal.role}:${action}`];
  if (!where) return null;
  const token = s.marking[where[0]] as Record<string, { txid?: Txid; hex?: string } | undefined> | undefined;
  const tx = token?.[where[1]];
  return tx?.txid && tx.hex ? { txid: tx.txid, hex: tx.hex } : null;
}

/** Current confirmations the node reported (null: unknown to it, 0: mempool). */
const confsNow = (s: SwapState, name: string): number | null => s.txs[name]?.confs ?? null;

const blocks = (n: number) => `${n} block${n === 1 ? '' : 's'}`;

/** Is `action` valid on chain now for this swap, and safe? The signed tx to broadcast, or the reason not. */
export function manualCheck(s: SwapState, action: ManualAction): Result<ManualPlan, ManualRefusal> {
  const d = s.deal;
  if (action === 'refund' && d.role !== 'bob') return refuse('wrong-role', 'Only the BTC seller refunds. As the XMR seller, your way out of a cancelled swap is punish, or the XMR sweep once the other side refunds.');
  if (action === 'punish' && d.role !== 'alice') return refuse('wrong-role', 'Only the XMR seller punishes. As the BTC seller, your way out is cancel, then refund.');
  const outcome = terminalOutcome(d.role === 'alice' ? ALICE_NET : BOB_NET, s.marking);
  if (outcome !== null) return refuse('ended', `The swap already ended: ${outcome}. There is nothing left to ${action}.`);
  if (s.marking[LIVE] === undefined) return refuse('syncing', 'The wallet is still catching up with the chains after a restart; try again once it has (a minute at most).');
  if (s.marking['prelock'] !== undefined) return refuse('not-locked', 'Nothing is locked on chain yet: before the BTC lock, use Abort instead.');
  const tx = signedTx(s, action);
  if (!tx) return refuse('no-signed-tx', `This swap holds no signed ${action} transaction (the swap never got that far).`);
  const c = effectiveConfs(s);
  let warning: string | null = null;
  const own = confsNow(s, action);
  if (own !== null && own >= 1) return refuse('already-on-chain', `The ${action} transaction is already on chain (${own} confirmation${own === 1 ? '' : 's'}); the wallet finishes the swap from there.`);
  if (action === 'cancel') {
    if (confsNow(s, 'buy') !== null || c.buy >= 1) return refuse('spent-by-other', 'The buy transaction is on chain or in the mempool: the swap completes that way, and a cancel would only conflict with it.');
    if (c.lock < 1) return refuse('parent-unconfirmed', 'The BTC lock is not confirmed yet; the cancel timelock counts from its first block.');
    if (c.lock < d.cancelTimelock) {
      const k = d.cancelTimelock - c.lock;
      return refuse('timelock-closed', `The cancel timelock opens in about ${blocks(k)} (the lock has ${c.lock} of the ${d.cancelTimelock} confirmations it needs).`);
    }
  } else {
    // refund (Bob) and punish (Alice) both spend the cancel output.
    if (action === 'refund' && (s.punishSpend !== null || c.punish >= 0)) return refuse('spent-by-other', `The other side punished: the cancel output is spent${s.punishSpend ? ` by ${s.punishSpend.txid}` : ''}, so a refund can no longer be valid.`);
    if (action === 'punish' && (confsNow(s, 'refund') !== null || c.refund >= 1)) return refuse('spent-by-other', 'The other side refunded (the refund is on chain or in the mempool): punish can no longer win, and the wallet sweeps your XMR back from the refund.');
    if (c.cancel < 1) {
      const cancelNow = confsNow(s, 'cancel');
      if (cancelNow === 0) return refuse('parent-unconfirmed', `The cancel transaction is not confirmed yet (it is in the mempool); ${action} is possible after its first block.`);
      const k = Math.max(0, d.cancelTimelock - Math.max(0, c.lock));
      return refuse('parent-unconfirmed', `The cancel transaction is not on chain yet: cancel first${k > 0 ? ` (the cancel timelock opens in about ${blocks(k)})` : ''}.`);
    }
    if (action === 'punish' && c.cancel < d.punishTimelock) {
      const k = d.punishTimelock - c.cancel;
      return refuse('timelock-closed', `The punish timelock opens in about ${blocks(k)} (the cancel has ${c.cancel} of the ${d.punishTimelock} confirmations it needs).`);
    }
    if (action === 'refund' && c.cancel > d.punishTimelock - d.safety)
      warning = c.cancel >= d.punishTimelock
        ? 'The punish timelock is open: the other side may punish first. Refunding now is still your only way back to the BTC.'
        : `Past the safe refund window: the punish timelock opens in about ${blocks(d.punishTimelock - c.cancel)}. Refund now.`;
  }
  return ok({ action, txid: tx.txid, hex: tx.hex, inMempool: own === 0, warning });
}

/**
 * The task id's attempt number of a manual broadcast: unique per manual input (its seq), and far from
 * the automation's 1, 2, 3 and its retries (+1 each), so the syncer never answers it with an earlier
 * attempt's recorded result (a repeated task id gets its recorded events, not a new broadcast).
 */
export const manualAttempt = (inputSeq: number): number => (inputSeq + 1) * 1000;

/**
 * The outputs of an accepted command, recorded before they are performed: a watch on the tx if the
 * swap has none yet (every path watches it since the pre-lock checkpoint; the fold refuses a broadcast
 * without one), then the broadcast of the signed bytes.
 */
export function manualEmits(s: SwapState, plan: ManualPlan, inputSeq: number): Emit[] {
  return [...(s.txs[plan.action] ? [] : [watchTx(s, plan.action, plan.txid)]), broadcast(s, plan.action, plan.hex, manualAttempt(inputSeq))];
}

