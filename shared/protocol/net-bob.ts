// Bob's net (sells BTC, buys XMR) as a data table: funding, the arbitrating setup, lock, the XMR
// watch, buy and sweep, and the cancel -> refund | punished path. Guards: lock is broadcast only with
// the cosigned cancel, Alice's refund signature and both checkpoints; abort is impossible after lock.
import { action, input, LIVE, resend } from '../petri/net-builder';
import { withTerminalGuards, type NetSpec, type TransitionSpec } from '../petri/net';
import { COMMON_PLACES, commonResends, commonTransitions } from './net-common';

export const BOB_PLACES = [
  ...COMMON_PLACES,
  'funding_watched',
  'funding_seen',
  'funded',
  'setup_req',
  'setup_bundle',
  'cp_prelock',
  'core_sent',
  'refund_sigs',
  'lock_req',
  'lock_bundle',
  'cp_postsigs',
  'lock_pub',
  /** The lock output, unspent: buy and cancel each consume it, so only one path is ever taken. */
  'L',
  'lock_cancel_ok',
  'xmr_seen',
  'xmr_bad',
  'xmr_final',
  'buysig_sent',
  'bought',
  'ka_req',
  'sweep_keys',
  'sweeping',
  'cancel_pub',
  /** The cancel output, unspent: refund and punish each consume it. */
  'C',
  'refund_pub',
  /** node `safe_refund` no longer holds: `enabled()` warns the person (punish may win the race). */
  'refund_unsafe',
  'end_success',
  'end_refund',
  'end_punished',
  'end_abort',
] as const;
export type BobPlace = (typeof BOB_PLACES)[number];

const BOB_TRANSITIONS: readonly TransitionSpec[] = [
    ...commonTransitions('bob'),
    action('show_funding', 'Show the funding address', {
      read: ['revealed', 'prelock'],
      inhibit: ['funding_watched'],
      produce: ['funding_watched'],
      emits: ['btc:watch-address:funding', 'client:fund'],
    }),
    input('see_funding_ok', 'fact:funding-ok', 'Waiting for the funding payment', {
      read: ['funding_watched', 'prelock'],
      inhibit: ['funding_seen'],
      produce: ['funding_seen', 'funded'],
    }),
    input('see_funding_bad', 'fact:funding-bad', 'A funding payment of the wrong amount aborts the swap', {
      consume: ['prelock'],
      read: ['funding_watched'],
      inhibit: ['funding_seen'],
      produce: ['funding_seen', 'aborting'],
    }),
    action('request_setup', 'Ask the client to build lock, cancel and refund', {
      read: ['funded', 'prelock'],
      inhibit: ['setup_req'],
      produce: ['setup_req'],
      emits: ['client:core-arbitrating-transactions'],
    }),
    input('take_setup', 'client:core-arbitrating-transactions', 'Waiting for the client to build the transactions', {
      read: ['setup_req', 'prelock'],
      inhibit: ['setup_bundle'],
      produce: ['setup_bundle'],
    }),
    action('checkpoint_prelock', 'Watch lock, cancel, refund; save the swap', {
      read: ['setup_bundle', 'prelock'],
      inhibit: ['cp_prelock'],
      produce: ['cp_prelock'],
      emits: ['btc:watch-tx:lock', 'btc:watch-tx:cancel', 'btc:watch-tx:refund', 'btc:watch-address:cancel-output', 'checkpoint:pre-lock'],
    }),
    action('send_setup', 'Send the arbitrating setup to the counterparty', {
      read: ['cp_prelock', 'prelock'],
      inhibit: ['core_sent'],
      produce: ['core_sent'],
      emits: ['peer:core-arbitrating-setup'],
    }),
    input('take_refund_sigs', 'peer:refund-procedure-signatures', 'Waiting for the counterparty\'s refund signatures', {
      read: ['core_sent', 'prelock'],
      inhibit: ['refund_sigs'],
      produce: ['refund_sigs'],
    }),
    action('request_lock', 'Ask the client to sign the lock', {
      read: ['refund_sigs', 'prelock'],
      inhibit: ['lock_req'],
      produce: ['lock_req'],
      emits: ['client:sign-arbitrating-lock'],
    }),
    input('take_lock', 'client:signed-arbitrating-lock', 'Waiting for the client to sign the lock', {
      read: ['lock_req', 'prelock'],
      inhibit: ['lock_bundle'],
      produce: ['lock_bundle'],
    }),
    action('checkpoint_postsigs', 'Watch buy and the XMR address; save the swap', {
      read: ['lock_bundle', 'prelock'],
      inhibit: ['cp_postsigs'],
      produce: ['cp_postsigs'],
      emits: ['btc:watch-tx:buy', 'xmr:watch-address:lock', 'checkpoint:post-refund-sigs'],
    }),
    action('publish_lock', 'Broadcast the BTC lock (no abort after this)', {
      consume: ['prelock'],
      read: ['cp_prelock', 'cp_postsigs', 'lock_bundle', 'refund_sigs'],
      produce: ['lock_pub', 'L'],
      emits: ['btc:broadcast:lock'],
    }),
    input('see_lock_cancel_ok', 'fact:lock-cancel-ok', 'Waiting for the cancel timelock', {
      read: ['lock_pub'],
      inhibit: ['lock_cancel_ok'],
      produce: ['lock_cancel_ok'],
    }),
    input('see_xmr_ok', 'fact:xmr-lock-ok', 'Waiting for the counterparty\'s XMR lock', {
      read: ['lock_pub'],
      inhibit: ['xmr_seen'],
      produce: ['xmr_seen'],
    }),
    input('see_xmr_bad', 'fact:xmr-lock-bad', 'An XMR lock below the deal amount: no buy, wait for cancel', {
      read: ['lock_pub'],
      inhibit: ['xmr_seen'],
      produce: ['xmr_seen', 'xmr_bad'],
    }),
    input('see_xmr_final', 'fact:xmr-lock-final', 'Waiting for the XMR lock to be final', {
      read: ['xmr_seen'],
      inhibit: ['xmr_final', 'xmr_bad'],
      produce: ['xmr_final'],
    }),
    action('send_buysig', 'Send the buy signature', {
      read: ['xmr_final', 'L'],
      inhibit: ['buysig_sent', 'lock_cancel_ok'],
      produce: ['buysig_sent'],
      emits: ['peer:buy-procedure-signature'],
    }),
    input('see_buy', 'fact:buy-final', 'Waiting for the counterparty to publish buy', {
      consume: ['L'],
      read: ['lock_pub'],
      produce: ['bought'],
    }),
    action('request_ka', 'Ask the client to recover the XMR key from buy', {
      consume: ['bought'],
      produce: ['ka_req'],
      emits: ['client:recover-accordant'],
    }),
    input('take_sweep_keys', 'client:accordant-sweep', 'Waiting for the client to recover the XMR key', {
      consume: ['ka_req'],
      produce: ['sweep_keys'],
    }),
    action('sweep_xmr', 'Sweep the XMR to the wallet', { consume: ['sweep_keys'], produce: ['sweeping'], emits: ['xmr:sweep:lock'] }),
    input('see_sweep_ok', 'fact:sweep-ok', 'Waiting for the XMR sweep (10 blocks)', { consume: ['sweeping'], produce: ['end_success'] }),
    action('publish_cancel', 'Broadcast cancel', {
      read: ['lock_cancel_ok', 'L'],
      inhibit: ['cancel_pub'],
      produce: ['cancel_pub'],
      emits: ['btc:broadcast:cancel'],
    }),
    input('see_cancel', 'fact:cancel-final', 'Waiting for cancel to be final', {
      consume: ['L'],
      read: ['lock_cancel_ok', 'lock_pub'],
      produce: ['C'],
    }),
    action('publish_refund', 'Broadcast refund', { read: ['C'], inhibit: ['refund_pub'], produce: ['refund_pub'], emits: ['btc:broadcast:refund'] }),
    input('see_refund_unsafe', 'fact:cancel-refund-unsafe', 'The safe refund window closes', {
      read: ['C'],
      inhibit: ['refund_unsafe'],
      produce: ['refund_unsafe'],
    }),
    input('see_refund', 'fact:refund-final', 'Waiting for refund to be final', { consume: ['C'], produce: ['end_refund'] }),
    input('see_punish', 'fact:punish-final', 'The counterparty punished', { consume: ['C'], produce: ['end_punished'] }),
    action('finish_abort_funded', 'Abort: sweep the funding back', {
      consume: ['aborting'],
      read: ['funding_watched'],
      produce: ['end_abort'],
      emits: ['client:sweep-funding', 'peer:abort'],
    }),
    action('finish_abort', 'Abort', { consume: ['aborting'], inhibit: ['funding_watched'], produce: ['end_abort'], emits: ['peer:abort'] }),
];

export const BOB_NET: NetSpec = withTerminalGuards({
  name: 'bob',
  places: BOB_PLACES,
  initial: ['start', LIVE, 'prelock'],
  terminal: { end_success: 'swapped', end_refund: 'refunded', end_punished: 'punished', end_abort: 'aborted' },
  transitions: BOB_TRANSITIONS,
  resends: [
    ...commonResends(BOB_TRANSITIONS),
    resend(BOB_TRANSITIONS, 'show_funding', ['funding_watched', 'prelock'], ['funding_seen']),
    resend(BOB_TRANSITIONS, 'request_setup', ['setup_req', 'prelock'], ['setup_bundle']),
    resend(BOB_TRANSITIONS, 'request_lock', ['lock_req', 'prelock'], ['lock_bundle']),
    resend(BOB_TRANSITIONS, 'request_ka', ['ka_req']),
  ],
});

