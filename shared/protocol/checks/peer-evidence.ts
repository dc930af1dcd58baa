// What the runtime must remember beside the decider state: the evidence to verify later peer
// messages (peer commit and reveal, own reveal, the arbitrating setup) and what to re-send after a
// restart (own peer messages, unanswered client requests, armed timers), folded from transcript
// entries. Invariant: it comes only from durable entries, so a checkpoint + replay rebuilds it exactly.
import type { Role } from '../../protocol/deal';
import type { CommitAlice, CommitBob, CoreArbitratingSetup, RevealAlice, RevealBob } from '../../protocol/peer-messages';
import type { DatumRequest } from '../../protocol/datum';
import type { PeerMessage } from '../../protocol/peer-messages';
import type { TranscriptEntry } from '../../protocol/transcript';

export interface ArmedTimer {
  readonly kind: 'retry' | 'recheck' | 'reconnect';
  readonly at: number;
}

export interface PeerEvidence {
  readonly peerCommit: CommitAlice | CommitBob | null;
  readonly peerReveal: RevealAlice | RevealBob | null;
  readonly ownReveal: RevealAlice | RevealBob | null;
  /** Unsigned lock/cancel/refund: sent by Bob, received by Alice. */
  readonly setup: CoreArbitratingSetup | null;
  /** Own protocol messages, re-sent after a restart (the peer drops what it already has). */
  readonly peerOut: readonly PeerMessage[];
  /** Client requests since the last client datum: re-sent after a restart, once synced. */
  readonly clientPending: readonly DatumRequest[];
  readonly timers: readonly ArmedTimer[];
}

export const NO_EVIDENCE: PeerEvidence = { peerCommit: null, peerReveal: null, ownReveal: null, setup: null, peerOut: [], clientPending: [], timers: [] };

export function foldEvidence(ev: PeerEvidence, role: Role, e: TranscriptEntry): PeerEvidence {
  const base = foldResend(ev, e);
  return foldPeer(base, role, e);
}

function foldResend(ev: PeerEvidence, e: TranscriptEntry): PeerEvidence {
  switch (e.kind) {
    case 'peer-out':
      return { ...ev, peerOut: [...ev.peerOut, e.msg] };
    case 'client-request':
      return { ...ev, clientPending: [...ev.clientPending, e.request] };
    case 'client-datum':
      // A manual command answers no request: what was pending stays pending.
      return e.datum.kind === 'manual' ? ev : { ...ev, clientPending: [] };
    case 'timer-set':
      return { ...ev, timers: [...ev.timers, { kind: e.timer.kind, at: e.timer.at }] };
    case 'timer-fired':
      return { ...ev, timers: ev.timers.filter((t) => !(t.kind === e.timer.kind && t.at === e.timer.at)) };
    default:
      return ev;
  }
}

function foldPeer(ev: PeerEvidence, role: Role, e: TranscriptEntry): PeerEvidence {
  if (e.kind === 'peer-in') {
    const m = e.msg;
    if (m.type === 'commit-alice' || m.type === 'commit-bob') return { ...ev, peerCommit: m };
    if (m.type === 'reveal-alice' || m.type === 'reveal-bob') return { ...ev, peerReveal: m };
    if (m.type === 'core-arbitrating-setup' && role === 'alice') return { ...ev, setup: m };
    return ev;
  }
  if (e.kind === 'peer-out' && e.msg.type === 'core-arbitrating-setup') return { ...ev, setup: e.msg };
  if (e.kind === 'client-datum' && (e.datum.kind === 'alice-session-params' || e.datum.kind === 'bob-session-params')) {
    return { ...ev, ownReveal: e.datum.reveal };
  }
  return ev;
}
