// Checks on a concrete transcript that mirror the state-space rules: each protected output comes
// after its watch task / checkpoint marker, and no output follows the outcome. Guards the decider
// code against drifting from what the checker proved on the net tables.
import type { Role } from '../../shared/protocol/deal';
import { labelOf } from '../../shared/protocol/task-ids';
import type { TranscriptEntry } from '../../shared/protocol/transcript';

export function orderProblems(role: Role, t: readonly TranscriptEntry[], endedAt: number | null = null): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  t.forEach((e, i) => {
    if (e.dir !== 'out') return;
    const l = labelOf(e);
    if (endedAt !== null && i > endedAt) problems.push(`${l} after the outcome`);
    const need: string[] = [];
    const b = /^btc:broadcast:(.+)$/.exec(l);
    if (b) need.push(`btc:watch-tx:${b[1]}`);
    if (l === 'xmr:sweep:lock') need.push('xmr:watch-address:lock');
    if (role === 'bob' && l === 'btc:broadcast:lock') need.push('checkpoint:pre-lock', 'checkpoint:post-refund-sigs', 'client:sign-arbitrating-lock');
    if (role === 'bob' && l === 'client:fund') need.push('checkpoint:after-reveal');
    if (role === 'bob' && l === 'peer:core-arbitrating-setup') need.push('checkpoint:pre-lock');
    if (role === 'alice' && l === 'client:lock-xmr') need.push('checkpoint:pre-lock', 'xmr:watch-address:lock', 'peer:refund-procedure-signatures');
    if (role === 'alice' && l === 'peer:refund-procedure-signatures') need.push('checkpoint:pre-lock');
    if (role === 'alice' && l === 'btc:broadcast:buy') need.push('checkpoint:post-buy-sig');
    for (const n of need) if (!seen.has(n)) problems.push(`${l} before ${n}`);
    seen.add(l);
  });
  return problems;
}
