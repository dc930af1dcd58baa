// Sequence bookkeeping of one swap's link, both directions: the outbox of own messages not yet
// acknowledged, and which peer seqs were accepted and made durable. Guards: own messages are
// numbered 1, 2, 3 ... with no gap; each is kept until the peer acks it; a peer seq is handed on at most once, in order.
import { err, ok, type Result } from '../../shared/result';
import { peerError, type PeerError } from './peer-errors';

export interface OutboxEntry<B> {
  readonly seq: number;
  readonly body: B;
  /** The body as JSON, serialised once: resends after a reconnect reuse it. */
  readonly bodyJson: string;
}

/** What the runtime hands back after a restart, read from its transcript. */
export interface LinkRestore<B> {
  /** Seq of the last own message written to the transcript (0 if none). */
  readonly lastSentSeq: number;
  /**
   * Own messages the peer may not have: every message after the last ack the runtime knows of, in
   * order, ending at lastSentSeq. Giving more than needed is harmless (the peer's hello ack trims it).
   */
  readonly unacked: ReadonlyArray<{ readonly seq: number; readonly body: B }>;
  /** Seq of the last peer message written to the transcript (0 if none): older ones are duplicates. */
  readonly lastReceivedSeq: number;
}

export type IncomingVerdict = 'accept' | 'duplicate' | 'gap';

export class LinkOutbox<B> {
  private entries: OutboxEntry<B>[] = [];
  private sent = 0;
  private peerAcked = 0;
  private accepted = 0;
  private delivered = 0;

  /** Throws on an inconsistent restore: that is a bug in the caller, not a peer's fault. */
  constructor(restore?: LinkRestore<B>) {
    if (restore === undefined) return;
    const { lastSentSeq, unacked, lastReceivedSeq } = restore;
    if (!Number.isSafeInteger(lastSentSeq) || lastSentSeq < 0 || !Number.isSafeInteger(lastReceivedSeq) || lastReceivedSeq < 0) {
      throw new RangeError('restore: seqs must be non-negative integers');
    }
    unacked.forEach((m, i) => {
      if (m.seq !== lastSentSeq - unacked.length + 1 + i) throw new RangeError('restore: unacked seqs must be consecutive and end at lastSentSeq');
    });
    this.entries = unacked.map((m) => ({ seq: m.seq, body: m.body, bodyJson: JSON.stringify(m.body) }));
    this.sent = lastSentSeq;
    this.peerAcked = lastSentSeq - unacked.length;
    this.accepted = lastReceivedSeq;
    this.delivered = lastReceivedSeq;
  }

  get lastSentSeq(): number {
    return this.sent;
  }
  get nextSeq(): number {
    return this.sent + 1;
  }
  get peerAckedSeq(): number {
    return this.peerAcked;
  }
  /** Our cumulative ack: the highest peer seq whose handler finished. */
  get lastDeliveredSeq(): number {
    return this.delivered;
  }
  get lastAcceptedSeq(): number {
    return this.accepted;
  }
  get pending(): ReadonlyArray<OutboxEntry<B>> {
    return this.entries;
  }

  enqueue(body: B, bodyJson: string): OutboxEntry<B> {
    const entry = { seq: this.sent + 1, body, bodyJson };
    this.entries.push(entry);
    this.sent = entry.seq;
    return entry;
  }

  /**
   * Applies a cumulative ack from the peer. Returns the new acked seq when it advanced. An ack for a
   * seq never sent means the peer is broken or we lost state: refuse it, change nothing.
   */
  applyPeerAck(ack: number): Result<number | undefined, PeerError> {
    if (ack > this.sent) return err(peerError('bad-frame', `peer acknowledged seq ${ack}, but only ${this.sent} were sent`));
    if (ack <= this.peerAcked) return ok(undefined);
    this.peerAcked = ack;
    this.entries = this.entries.filter((e) => e.seq > ack);
    return ok(ack);
  }

  /** Classifies a peer seq and, when it is the next one, reserves it for delivery. */
  accept(seq: number): IncomingVerdict {
    if (seq <= this.accepted) return 'duplicate';
    if (seq !== this.accepted + 1) return 'gap';
    this.accepted = seq;
    return 'accept';
  }

  /** Moves both receive cursors to `seq` (only when nothing is in flight; the link checks that). */
  fastForward(seq: number): void {
    if (this.accepted !== this.delivered || seq < this.accepted) throw new Error(`cannot fast-forward from ${this.delivered} to ${seq}`);
    this.accepted = seq;
    this.delivered = seq;
  }

  markDelivered(seq: number): void {
    if (seq !== this.delivered + 1 || seq > this.accepted) throw new Error(`delivery out of order: ${seq} after ${this.delivered}`);
    this.delivered = seq;
  }
}
