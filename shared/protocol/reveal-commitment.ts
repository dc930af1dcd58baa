// Commit/reveal commitments of protocol.md section 4: one tagged SHA-256 per revealed value,
// bound to the swap id and the field name. Invariant: a reveal is accepted only if every committed
// field hashes to what the peer committed before it saw our reveal (no adaptive key choice).
// Pure; lives here until shared/protocol adopts it (the client computes commits with it too).
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromHex, toHex } from '../hex';
import { taggedHash } from '../crypto/tagged-hash';
import type { CommitAlice, CommitBob, RevealAlice, RevealBob } from './peer-messages';

const enc = { encode: utf8ToBytes };
/** The fields a commit covers (protocol.md 4: every public key and the private view share). */
export const COMMITTED_FIELDS = ['buy', 'cancel', 'refund', 'punish', 'adaptor', 'spend', 'view'] as const;
type Field = (typeof COMMITTED_FIELDS)[number];

export function commitValue(swapId: string, field: Field, valueHex: string): string {
  return toHex(taggedHash('fc/commit', fromHex(swapId), enc.encode(field), fromHex(valueHex)));
}

export function commitOf(reveal: RevealAlice): CommitAlice;
export function commitOf(reveal: RevealBob): CommitBob;
export function commitOf(reveal: RevealAlice | RevealBob): CommitAlice | CommitBob;
export function commitOf(reveal: RevealAlice | RevealBob): CommitAlice | CommitBob {
  const c = (f: Field, v: string) => commitValue(reveal.swapId, f, v);
  const common = {
    swapId: reveal.swapId,
    buy: c('buy', reveal.buy),
    cancel: c('cancel', reveal.cancel),
    refund: c('refund', reveal.refund),
    adaptor: c('adaptor', reveal.adaptor),
    spend: c('spend', reveal.spend),
    view: c('view', reveal.view),
  };
  return reveal.type === 'reveal-alice' ? { type: 'commit-alice', ...common, punish: c('punish', reveal.punish) } : { type: 'commit-bob', ...common };
}

/** Names the first field whose commitment does not match, or null when the reveal opens the commit. */
export function commitMismatch(commit: CommitAlice | CommitBob, reveal: RevealAlice | RevealBob): string | null {
  if ((commit.type === 'commit-alice') !== (reveal.type === 'reveal-alice')) return 'commit and reveal are of different roles';
  if (commit.swapId !== reveal.swapId) return 'commit and reveal name different swaps';
  const expected = commitOf(reveal) as Record<string, string>;
  for (const f of COMMITTED_FIELDS) {
    const want = (commit as Record<string, string>)[f];
    if (want !== expected[f]) return `commitment to ${f} does not match the reveal`;
  }
  return null;
}
