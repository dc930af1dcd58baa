// The part of both nets that is the same for Alice and Bob: parameters, commit/reveal, the
// after-reveal checkpoint, abort before the point of no return, and the restore/sync gate.
// Guards pitfall 11.2 #1: nothing past reveal happens before the after-reveal checkpoint marker.
import { action, input, LIVE, resend } from '../petri/net-builder';
import type { TransitionSpec } from '../petri/net';
import type { Role } from './deal';

export const COMMON_PLACES = [
  'start',
  LIVE,
  'syncing',
  /** Marked until the point of no return (Bob: lock broadcast; Alice: refund signatures sent). */
  'prelock',
  'params_req',
  'own_params',
  'commit_sent',
  'peer_commit',
  'reveal_sent',
  'peer_revealed',
  'revealed',
  'aborting',
] as const;

export function commonTransitions(role: Role): TransitionSpec[] {
  const peer = role === 'alice' ? 'bob' : 'alice';
  return [
    action('request_params', 'Ask the client for this swap\'s keys', {
      consume: ['start'],
      read: ['prelock'],
      produce: ['params_req'],
      emits: ['btc:watch-height:tip', 'xmr:watch-height:tip', 'client:session-params'],
    }),
    input('take_params', `client:${role}-session-params`, 'Waiting for the client\'s session parameters', {
      consume: ['params_req'],
      read: ['prelock'],
      produce: ['own_params'],
    }),
    action('send_commit', 'Send our commitment', {
      read: ['own_params', 'prelock'],
      inhibit: ['commit_sent'],
      produce: ['commit_sent'],
      emits: [`peer:commit-${role}`],
    }),
    input('take_commit', `peer:commit-${peer}`, 'Waiting for the counterparty\'s commitment', {
      read: ['prelock'],
      inhibit: ['peer_commit'],
      produce: ['peer_commit'],
    }),
    action('send_reveal', 'Reveal our parameters', {
      read: ['commit_sent', 'peer_commit', 'prelock'],
      inhibit: ['reveal_sent'],
      produce: ['reveal_sent'],
      emits: [`peer:reveal-${role}`],
    }),
    input('take_reveal', `peer:reveal-${peer}`, 'Waiting for the counterparty\'s reveal', {
      read: ['peer_commit', 'prelock'],
      inhibit: ['peer_revealed'],
      produce: ['peer_revealed'],
    }),
    action('checkpoint_reveal', 'Save the swap after reveal', {
      read: ['reveal_sent', 'peer_revealed', 'prelock'],
      inhibit: ['revealed'],
      produce: ['revealed'],
      emits: ['checkpoint:after-reveal', 'client:peer-params'],
    }),
    input('restore', 'control:restored', 'Restart: wait until the chains are caught up', { consume: [LIVE], produce: ['syncing'] }),
    input('sync', 'control:synced', 'Waiting for the chains to catch up', { consume: ['syncing'], produce: [LIVE] }),
    input('abort_by_client', 'client:abort', 'Abort the swap', { consume: ['prelock'], produce: ['aborting'] }),
    input('abort_by_peer', 'peer:abort', 'The counterparty aborted', { consume: ['prelock'], produce: ['aborting'] }),
    input('abort_on_invalid', 'peer:invalid', 'A counterparty message failed verification', {
      consume: ['prelock'],
      produce: ['aborting'],
    }),
  ];
}

/** Requests re-sent after a restore (their answers die with the process); see NetSpec.resends. */
export const commonResends = (ts: readonly TransitionSpec[]): TransitionSpec[] => [resend(ts, 'request_params', ['params_req'])];
