// Every transition of a role's net with whether it can fire now and, when not, why in words:
// the places it still needs and the ones that block it. Guards the honesty of buttons: enabled is
// the engine's own firing rule on the marking, never a second opinion.
import type { SwapView } from '../ipc/channels';
import { isEnabled } from '../petri/engine';
import type { NetSpec } from '../petri/net';
import type { SwapState } from './state';
import type { AlicePlace } from './net-alice';
import type { BobPlace } from './net-bob';
import type { NextActions } from './next-actions';
import { clip } from './swap-view-facts';

/** Each place as a condition in plain words ("needs: lock broadcast"). Typed over both nets: a new place must get words. */
const PLACE_WORDS: Readonly<Record<AlicePlace | BobPlace, string>> = {
  start: 'the swap started',
  live: 'the chains caught up',
  syncing: 'catching up after a restart',
  prelock: 'nothing locked yet',
  params_req: 'keys requested from the wallet',
  own_params: 'our keys',
  commit_sent: 'our commitment sent',
  peer_commit: "the counterparty's commitment",
  reveal_sent: 'our reveal sent',
  peer_revealed: "the counterparty's reveal",
  revealed: 'keys exchanged and saved',
  aborting: 'an abort in progress',
  funding_watched: 'the funding address shown',
  funding_seen: 'a funding payment seen',
  funded: 'the exact funding payment',
  setup_req: 'transactions requested from the wallet',
  setup_bundle: 'lock, cancel and refund built',
  cp_prelock: 'the swap saved before lock',
  core_sent: 'the setup sent to Alice',
  refund_sigs: "Alice's refund signatures",
  lock_req: 'the lock signature requested',
  lock_bundle: 'the lock signed',
  cp_postsigs: 'the swap saved after the signatures',
  lock_pub: 'the lock broadcast',
  L: 'the lock output unspent',
  lock_cancel_ok: 'the cancel timelock reached',
  xmr_seen: 'the XMR lock seen',
  xmr_bad: 'a wrong XMR amount',
  xmr_final: 'the XMR lock final',
  buysig_sent: 'the buy signature sent',
  bought: 'buy final',
  ka_req: 'the XMR key requested',
  sweep_keys: 'the XMR key recovered',
  sweeping: 'the XMR sweep running',
  cancel_pub: 'cancel broadcast',
  C: 'the cancel output unspent',
  refund_pub: 'refund broadcast',
  refund_unsafe: 'past the safe refund window',
  end_success: 'the swap ended (swapped)',
  end_refund: 'the swap ended (refunded)',
  end_punished: 'the swap ended (punished)',
  end_punish: 'the swap ended (punished)',
  end_abort: 'the swap ended (aborted)',
  setup: "Bob's arbitrating setup",
  sign_req: 'signatures requested from the wallet',
  refund_bundle: 'cancel and refund signed',
  refund_sigs_sent: 'refund signatures sent',
  lock_final: 'the BTC lock final',
  lock_buy_closed: 'the safe buy window closed',
  lock_funding_closed: 'the XMR funding window closed',
  xmr_addr_shown: 'the XMR address shown',
  withdrawn: 'the XMR address withdrawn',
  buysig: "Bob's buy signature",
  buy_req: 'buy requested from the wallet',
  buy_bundle: 'buy signed',
  cp_postbuy: 'the swap saved before buy',
  buy_pub: 'buy broadcast',
  cancel_punish_ok: 'the punish timelock reached',
  punish_pub: 'punish broadcast',
  refunded: 'refund final',
  kb_req: 'the XMR key requested',
};

const words = (p: string): string => (PLACE_WORDS as Readonly<Record<string, string>>)[p] ?? p;

export function transitionsOf(net: NetSpec, s: SwapState, na: NextActions): SwapView['transitions'] {
  const marked = (p: string) => s.marking[p] !== undefined;
  const ended = Object.keys(net.terminal).find(marked);
  const held = new Map(na.held.map((h) => [h.id, h.reason]));
  return net.transitions.map((t) => {
    const enabled = isEnabled(t, s.marking);
    let reason: string;
    if (enabled) reason = t.kind === 'input' ? t.title : 'runs now';
    else if (ended) reason = words(ended);
    else if (held.has(t.id)) reason = held.get(t.id) ?? '';
    else {
      const missing = [...(t.consume ?? []), ...(t.read ?? [])].filter((p) => !marked(p)).map(words);
      const blocking = (t.inhibit ?? []).filter(marked).map(words);
      reason = [missing.length > 0 ? `needs: ${missing.join(', ')}` : '', blocking.length > 0 ? `not after: ${blocking.join(', ')}` : ''].filter(Boolean).join('; ');
    }
    return { id: t.id, title: t.title, enabled, reason: clip(reason, 300) };
  });
}
