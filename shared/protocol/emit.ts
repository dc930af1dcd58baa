// Builders for the outputs net actions emit (client requests, peer messages, syncer tasks,
// checkpoint markers) and typed access to the tokens they read. Guards the id scheme: every task a
// swap emits carries the swap id, a chain, a kind and a protocol name, so it can be routed and re-sent.
import type { BtcTask, XmrTask } from '../syncer/messages';
import type { Txid } from '../ids';
import type { ClientDatum, DatumRequest } from './datum';
import type { PeerMessage } from './peer-messages';
import type { SwapState } from './state';
import { taskId } from './task-ids';
import type { CheckpointName, Emit } from './transcript';

export type Emitter = (s: SwapState) => Emit[];

export const request = (r: DatumRequest): Emit => ({ kind: 'client-request', dir: 'out', request: r });
export const send = (msg: PeerMessage): Emit => ({ kind: 'peer-out', dir: 'out', msg });
export const checkpoint = (name: CheckpointName): Emit => ({ kind: 'checkpoint', dir: 'out', name });
export const btc = (task: BtcTask): Emit => ({ kind: 'btc-task', dir: 'out', task });
export const xmr = (task: XmrTask): Emit => ({ kind: 'xmr-task', dir: 'out', task });

/**
 * Blocks below the swap's BTC height that a watched tx is still looked for in: the height the swap saw may lag
 * its node by a block or two, and a hasty peer may publish a tx just before our watch is made.
 */
export const WATCH_TX_MARGIN = 6;

/**
 * Watch a tx long enough to see every timelock of the swap play out. The syncer finds it by scanning blocks from
 * `fromHeight` (no tx index): the swap's height when it made the watch, kept on a re-send; none while no height is known.
 */
export function watchTx(s: SwapState, name: string, txid: Txid): Emit {
  const id = taskId(s.deal.swapId, 'btc', 'watch-tx', name);
  const from = s.btcHeight > 0 ? watchFrom(s, id, Math.max(0, s.btcHeight - WATCH_TX_MARGIN)) : null;
  const bound = s.deal.cancelTimelock + s.deal.punishTimelock + 10;
  return btc({ kind: 'watch-tx', id, txid, confirmationBound: bound, ...(from === null ? {} : { fromHeight: from }) });
}

export const broadcast = (s: SwapState, name: string, txHex: string, attempt = 1): Emit =>
  btc({ kind: 'broadcast', id: taskId(s.deal.swapId, 'btc', 'broadcast', name, attempt), txHex });

export const watchHeights = (s: SwapState): Emit[] => [
  btc({ kind: 'watch-height', id: taskId(s.deal.swapId, 'btc', 'watch-height', 'tip') }),
  xmr({ kind: 'watch-height', id: taskId(s.deal.swapId, 'xmr', 'watch-height', 'tip') }),
];

/** A re-sent address watch keeps its first start height, or a payment before the restart is missed. */
export function watchFrom(s: SwapState, id: string, fallback: number): number {
  const t = s.standing[id]?.task;
  return t && 'fromHeight' in t && t.fromHeight !== undefined ? t.fromHeight : fallback;
}

/** The datum on a place; its absence when an enabled action needs it is a bug in the net table. */
export function token<T>(s: SwapState, place: string): T {
  const t = s.marking[place];
  if (t === undefined || t === true) throw new Error(`bug: no datum on ${place}`);
  return t as T;
}

export function datum<K extends ClientDatum['kind']>(s: SwapState, place: string, kind: K): Extract<ClientDatum, { kind: K }> {
  const d = token<ClientDatum>(s, place);
  if (d.kind !== kind) throw new Error(`bug: ${place} holds ${d.kind}, expected ${kind}`);
  return d as Extract<ClientDatum, { kind: K }>;
}

export function message<T extends PeerMessage['type']>(s: SwapState, place: string, type: T): Extract<PeerMessage, { type: T }> {
  const m = token<PeerMessage>(s, place);
  if (m.type !== type) throw new Error(`bug: ${place} holds ${m.type}, expected ${type}`);
  return m as Extract<PeerMessage, { type: T }>;
}

export function ownParams(s: SwapState) {
  const d = token<ClientDatum>(s, 'own_params');
  if (d.kind !== 'alice-session-params' && d.kind !== 'bob-session-params') throw new Error('bug: own_params holds no session params');
  return d;
}

/** The raw published tx whose witness holds the counterparty's secret (its fact waits for the bytes). */
export function witnessTx(s: SwapState, name: string): string {
  const hex = s.txs[name]?.hex;
  if (!hex) throw new Error(`bug: ${name} is final but its raw tx is unknown`);
  return hex;
}

/** The sweep of the joint XMR address, once the client recovered the other share. */
export function sweepXmr(s: SwapState): Emit {
  const k = datum(s, 'sweep_keys', 'accordant-sweep');
  const seen = Object.values(s.xmrDeposits).reduce((a, x) => a + BigInt(x.amount), 0n);
  return xmr({
    kind: 'sweep',
    id: taskId(s.deal.swapId, 'xmr', 'sweep', 'lock'),
    address: k.address,
    spendKey: k.spendKey,
    viewKey: k.viewKey,
    destination: k.destination,
    fromHeight: k.fromHeight,
    // Sweep what arrived; with nothing seen yet, any amount (Alice's XMR may still be in flight).
    minAmount: seen > 0n ? seen.toString() : '1',
  });
}

export const commonEmitters: Readonly<Record<string, Emitter>> = {
  request_params: (s) => [...watchHeights(s), request({ kind: 'session-params' })],
  send_commit: (s) => [send(ownParams(s).commit)],
  send_reveal: (s) => [send(ownParams(s).reveal)],
  checkpoint_reveal: (s) => {
    const r = token<PeerMessage>(s, 'peer_revealed');
    if (r.type !== 'reveal-alice' && r.type !== 'reveal-bob') throw new Error('bug: peer_revealed holds no reveal');
    return [checkpoint('after-reveal'), request({ kind: 'peer-params', reveal: r })];
  },
  finish_abort: (s) => [send({ type: 'abort', swapId: s.deal.swapId })],
};
