// Alice's net (sells XMR, buys BTC) as a data table: validate and sign the setup, show the XMR
// address inside the funding window, buy inside the safe window, else cancel -> refund | punish.
// Guards: XMR lock only after BTC lock is final and the pre-lock checkpoint; buy only while safe_buy
// holds and after the post-buy-sig checkpoint; cancel is broadcast even when she over-funded (#8).
import { action, input, LIVE, resend } from '../petri/net-builder';
import { withTerminalGuards, type NetSpec, type TransitionSpec } from '../petri/net';
import { COMMON_PLACES, commonResends, commonTransitions } from './net-common';

export const ALICE_PLACES = [
  ...COMMON_PLACES,
  'setup',
  'sign_req',
  'refund_bundle',
  'cp_prelock',
  'refund_sigs_sent',
  /** The lock output, unspent: buy and cancel each consume it. */
  'L',
  'lock_final',
  'lock_buy_closed',
  'lock_funding_closed',
  'lock_cancel_ok',
  'xmr_addr_shown',
  'withdrawn',
  'xmr_seen',
  'xmr_bad',
  'buysig',
  'buy_req',
  'buy_bundle',
  'cp_postbuy',
  'buy_pub',
  'cancel_pub',
  /** The cancel output, unspent: refund and punish each consume it. */
  'C',
  'cancel_punish_ok',
  'punish_pub',
  'refunded',
  'kb_req',
  'sweep_keys',
  'sweeping',
  'end_success',
  'end_refund',
  'end_punish',
  'end_abort',
] as const;
export type AlicePlace = (typeof ALICE_PLACES)[number];

const ALICE_TRANSITIONS: readonly TransitionSpec[] = [
    ...commonTransitions('alice'),
    // Reads the peer's reveal, not our checkpoint: a message must not be refused just because a
    // restored swap has not caught up yet (actions wait for `live`; inputs must not).
    input('take_setup', 'peer:core-arbitrating-setup', 'Waiting for the counterparty\'s arbitrating setup', {
      read: ['peer_revealed', 'prelock'],
      inhibit: ['setup'],
      produce: ['setup'],
    }),
    action('request_refund_sigs', 'Ask the client to check the setup and sign cancel and refund', {
      read: ['setup', 'revealed', 'prelock'],
      inhibit: ['sign_req'],
      produce: ['sign_req'],
      emits: ['client:sign-refund-procedure'],
    }),
    input('take_refund_bundle', 'client:refund-procedure', 'Waiting for the client\'s signatures', {
      read: ['sign_req', 'prelock'],
      inhibit: ['refund_bundle'],
      produce: ['refund_bundle'],
    }),
    action('checkpoint_prelock', 'Watch lock, cancel, refund, punish; save the swap', {
      read: ['refund_bundle', 'prelock'],
      inhibit: ['cp_prelock'],
      produce: ['cp_prelock', 'L'],
      emits: ['btc:watch-tx:lock', 'btc:watch-tx:cancel', 'btc:watch-tx:refund', 'btc:watch-tx:punish', 'checkpoint:pre-lock'],
    }),
    action('send_refund_sigs', 'Send the refund signatures (no abort after this)', {
      consume: ['prelock'],
      read: ['cp_prelock'],
      produce: ['refund_sigs_sent'],
      emits: ['peer:refund-procedure-signatures'],
    }),
    input('see_lock_final', 'fact:lock-final', 'Waiting for the BTC lock to be final', {
      read: ['cp_prelock'],
      inhibit: ['lock_final'],
      produce: ['lock_final'],
    }),
    input('see_lock_buy_closed', 'fact:lock-buy-closed', 'The safe buy window closes', {
      read: ['lock_final'],
      inhibit: ['lock_buy_closed'],
      produce: ['lock_buy_closed'],
    }),
    input('see_lock_funding_closed', 'fact:lock-funding-closed', 'The XMR funding window closes', {
      read: ['lock_buy_closed'],
      inhibit: ['lock_funding_closed'],
      produce: ['lock_funding_closed'],
    }),
    input('see_lock_cancel_ok', 'fact:lock-cancel-ok', 'Waiting for the cancel timelock', {
      read: ['lock_funding_closed'],
      inhibit: ['lock_cancel_ok'],
      produce: ['lock_cancel_ok'],
    }),
    // Past refund signatures Alice risks nothing until she shows the XMR address: an abort then only
    // costs Bob the cancel/refund fees if he locks anyway, and it keeps her from waiting forever.
    input('abort_late_by_client', 'client:abort', 'Abort the swap (no XMR shown yet)', {
      read: ['refund_sigs_sent'],
      inhibit: ['xmr_addr_shown', 'aborting'],
      produce: ['aborting'],
    }),
    input('abort_late_by_peer', 'peer:abort', 'The counterparty aborted before locking', {
      read: ['refund_sigs_sent'],
      inhibit: ['xmr_addr_shown', 'aborting'],
      produce: ['aborting'],
    }),
    action('show_xmr', 'Show the XMR lock address and amount', {
      read: ['lock_final', 'refund_sigs_sent', 'cp_prelock', 'L'],
      inhibit: ['lock_funding_closed', 'xmr_addr_shown', 'aborting'],
      produce: ['xmr_addr_shown'],
      emits: ['xmr:watch-address:lock', 'client:lock-xmr'],
    }),
    action('withdraw_xmr', 'Withdraw the XMR address: too close to cancel', {
      read: ['xmr_addr_shown', 'lock_funding_closed'],
      inhibit: ['xmr_seen', 'withdrawn'],
      produce: ['withdrawn'],
      emits: ['client:withdraw-xmr-lock'],
    }),
    input('see_xmr_ok', 'fact:xmr-lock-ok', 'Waiting for the XMR lock', {
      read: ['xmr_addr_shown'],
      inhibit: ['xmr_seen'],
      produce: ['xmr_seen'],
    }),
    input('see_xmr_bad', 'fact:xmr-lock-bad', 'The XMR lock amount differs from the deal: no buy', {
      read: ['xmr_addr_shown'],
      inhibit: ['xmr_seen'],
      produce: ['xmr_seen', 'xmr_bad'],
    }),
    input('take_buysig', 'peer:buy-procedure-signature', 'Waiting for the counterparty\'s buy signature', {
      read: ['refund_sigs_sent'],
      inhibit: ['buysig'],
      produce: ['buysig'],
    }),
    action('request_buy', 'Ask the client to sign buy', {
      read: ['buysig', 'xmr_seen', 'L'],
      inhibit: ['xmr_bad', 'lock_buy_closed', 'buy_req'],
      produce: ['buy_req'],
      emits: ['client:sign-buy'],
    }),
    input('take_buy', 'client:fully-signed-buy', 'Waiting for the client to sign buy', {
      read: ['buy_req'],
      inhibit: ['buy_bundle'],
      produce: ['buy_bundle'],
    }),
    action('checkpoint_buy', 'Watch buy; save the swap', {
      read: ['buy_bundle', 'L'],
      inhibit: ['cp_postbuy', 'lock_buy_closed'],
      produce: ['cp_postbuy'],
      emits: ['btc:watch-tx:buy', 'checkpoint:post-buy-sig'],
    }),
    action('publish_buy', 'Broadcast buy', {
      read: ['cp_postbuy', 'L', 'xmr_seen'],
      inhibit: ['buy_pub', 'lock_buy_closed', 'xmr_bad', 'cancel_pub'],
      produce: ['buy_pub'],
      emits: ['btc:broadcast:buy'],
    }),
    input('see_buy', 'fact:buy-final', 'Waiting for buy to be final', { consume: ['L'], read: ['cp_postbuy'], produce: ['end_success'] }),
    action('publish_cancel', 'Broadcast cancel', {
      read: ['lock_cancel_ok', 'L', 'refund_sigs_sent'],
      inhibit: ['cancel_pub', 'buy_pub'],
      produce: ['cancel_pub'],
      emits: ['btc:broadcast:cancel'],
    }),
    input('see_cancel', 'fact:cancel-final', 'Waiting for cancel to be final', {
      consume: ['L'],
      read: ['lock_cancel_ok'],
      produce: ['C'],
    }),
    input('see_cancel_punish_ok', 'fact:cancel-punish-ok', 'Waiting for the punish timelock', {
      read: ['C'],
      inhibit: ['cancel_punish_ok'],
      produce: ['cancel_punish_ok'],
    }),
    action('publish_punish', 'Broadcast punish', {
      read: ['cancel_punish_ok', 'C'],
      inhibit: ['punish_pub'],
      produce: ['punish_pub'],
      emits: ['btc:broadcast:punish'],
    }),
    input('see_punish', 'fact:punish-final', 'Waiting for punish to be final', { consume: ['C'], produce: ['end_punish'] }),
    input('see_refund_unlocked', 'fact:refund-final', 'Waiting for the counterparty to refund', {
      consume: ['C'],
      inhibit: ['xmr_addr_shown'],
      produce: ['end_refund'],
    }),
    input('see_refund_locked', 'fact:refund-final', 'Waiting for the counterparty to refund', {
      consume: ['C'],
      read: ['xmr_addr_shown'],
      produce: ['refunded'],
    }),
    action('request_kb', 'Ask the client to recover the XMR key from refund', {
      consume: ['refunded'],
      produce: ['kb_req'],
      emits: ['client:recover-accordant'],
    }),
    input('take_sweep_keys', 'client:accordant-sweep', 'Waiting for the client to recover the XMR key', {
      consume: ['kb_req'],
      produce: ['sweep_keys'],
    }),
    action('sweep_xmr_wait', 'Sweep the XMR back', { consume: ['sweep_keys'], read: ['xmr_seen'], produce: ['sweeping'], emits: ['xmr:sweep:lock'] }),
    action('sweep_xmr_blind', 'Leave a sweep for XMR that may still arrive', {
      consume: ['sweep_keys'],
      inhibit: ['xmr_seen'],
      produce: ['end_refund'],
      emits: ['xmr:sweep:lock'],
    }),
    input('see_sweep_ok', 'fact:sweep-ok', 'Waiting for the XMR sweep (10 blocks)', { consume: ['sweeping'], produce: ['end_refund'] }),
    action('finish_abort', 'Abort', { consume: ['aborting'], produce: ['end_abort'], emits: ['peer:abort'] }),
];

export const ALICE_NET: NetSpec = withTerminalGuards({
  name: 'alice',
  places: ALICE_PLACES,
  initial: ['start', LIVE, 'prelock'],
  terminal: { end_success: 'swapped', end_refund: 'refunded', end_punish: 'punished', end_abort: 'aborted' },
  transitions: ALICE_TRANSITIONS,
  resends: [
    ...commonResends(ALICE_TRANSITIONS),
    resend(ALICE_TRANSITIONS, 'request_refund_sigs', ['sign_req', 'prelock'], ['refund_bundle']),
    // The XMR address again only while the funding window is still open.
    resend(ALICE_TRANSITIONS, 'show_xmr', ['xmr_addr_shown'], ['xmr_seen', 'lock_funding_closed', 'withdrawn', 'aborting']),
    resend(ALICE_TRANSITIONS, 'request_buy', ['buy_req'], ['buy_bundle']),
    resend(ALICE_TRANSITIONS, 'request_kb', ['kb_req']),
  ],
});

