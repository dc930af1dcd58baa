// How a runtime restarts a swap's link from its transcript, and keeps the link's seq numbers equal
// to the transcript order of its own peer messages. Guards: own message k (k-th `peer-out` entry) is
// link seq k in every process lifetime, so a peer that kept its link never sees a seq go backwards;
// a re-send of a message the link already carries (the actor's resend after a restore) is dropped
// here, since the link's outbox already delivers it until acked.
import { canonicalJson } from '../../shared/canonical-json';
import type { LinkRestore } from './link-outbox';

export { canonicalJson };

/**
 * The restore for own messages 1..n from the transcript. Every one is offered again (the peer's
 * hello ack trims what it has); the receive cursor starts at 0 and the peer's hello fast-forwards
 * it to what we acked before the restart (everything we acked was durable or rejected).
 */
export function restoreFromTranscript<B>(ownMessages: readonly B[]): LinkRestore<B> {
  return { lastSentSeq: ownMessages.length, unacked: ownMessages.map((body, i) => ({ seq: i + 1, body })), lastReceivedSeq: 0 };
}

/** Which own messages a swap's link already carries (restored or sent in this process). */
export class SentMessages {
  private readonly keys = new Set<string>();
  constructor(initial: readonly unknown[] = []) {
    for (const m of initial) this.keys.add(canonicalJson(m));
  }
  /** True the first time a message is seen; false for a re-send. */
  add(msg: unknown): boolean {
    const k = canonicalJson(msg);
    if (this.keys.has(k)) return false;
    this.keys.add(k);
    return true;
  }
}
