// Chain facts derived from what the syncers reported: confirmation thresholds of lock, cancel, buy,
// refund, punish and the XMR lock. Guards pitfalls 11.2 #2/#5/#6: eligibility comes from the spent
// output's confirmations, and later evidence implies earlier facts (a confirmed cancel proves lock >= cancel).
import type { ClientDatum } from './datum';
import { thresholdsOf } from './deal';
import type { SwapState } from './state';

/** In the order the nets need them (a fact's predecessor comes first). */
export const FACTS = [
  'funding-ok',
  'funding-bad',
  'lock-final',
  'lock-buy-closed',
  'lock-funding-closed',
  'lock-cancel-ok',
  'xmr-lock-ok',
  'xmr-lock-bad',
  'xmr-lock-final',
  'buy-final',
  'cancel-final',
  'cancel-punish-ok',
  'cancel-refund-unsafe',
  'refund-final',
  'punish-final',
  'sweep-ok',
] as const;
export type Fact = (typeof FACTS)[number];

const conf = (s: SwapState, name: string): number => s.txs[name]?.maxConfs ?? -1;
const hexKnown = (s: SwapState, name: string): boolean => (s.txs[name]?.hex ?? null) !== null;

/** Effective confirmations: a spend confirmed k deep proves its parent at least as deep (BIP68 adds the delay). */
export function effectiveConfs(s: SwapState): { lock: number; cancel: number; buy: number; refund: number; punish: number } {
  const d = s.deal;
  const punish = Math.max(conf(s, 'punish'), s.punishSpend?.maxConfs ?? -1);
  const refund = conf(s, 'refund');
  const buy = conf(s, 'buy');
  const cancel = Math.max(conf(s, 'cancel'), refund >= 1 ? refund : -1, punish >= 1 ? d.punishTimelock + punish - 1 : -1);
  const lock = Math.max(conf(s, 'lock'), buy >= 1 ? buy : -1, cancel >= 1 ? d.cancelTimelock + cancel - 1 : -1);
  return { lock, cancel, buy, refund, punish };
}

export function chainFacts(s: SwapState): Fact[] {
  const d = s.deal;
  const th = thresholdsOf(d);
  const f: Fact[] = [];
  if (s.funding) {
    const own = s.marking['own_params'] as ClientDatum | undefined;
    const expected = own && own.kind === 'bob-session-params' ? own.funding.amount : null;
    if (expected !== null) f.push(s.funding.amount === expected ? 'funding-ok' : 'funding-bad');
  }
  const c = effectiveConfs(s);
  if (c.lock >= d.finalityBtc) f.push('lock-final');
  if (c.lock > th.lastBuyConf) f.push('lock-buy-closed');
  if (c.lock > th.lastFundingConf) f.push('lock-funding-closed');
  if (c.lock >= d.cancelTimelock) f.push('lock-cancel-ok');
  const deposits = Object.values(s.xmrDeposits);
  if (deposits.length > 0) {
    const total = deposits.reduce((a, x) => a + BigInt(x.amount), 0n);
    const want = BigInt(d.xmrAmount);
    // Bob accepts more than the deal; Alice treats any mismatch as "do not buy" (protocol.md 8).
    const good = d.role === 'bob' ? total >= want : total === want;
    f.push(good ? 'xmr-lock-ok' : 'xmr-lock-bad');
    if (Math.min(...deposits.map((x) => x.confs)) >= d.finalityXmr) f.push('xmr-lock-final');
  }
  // Buy and refund carry the secret the other side needs: the fact waits for the raw tx.
  if (c.buy >= d.finalityBtc && hexKnown(s, 'buy')) f.push('buy-final');
  if (c.cancel >= d.finalityBtc) f.push('cancel-final');
  if (c.cancel >= d.punishTimelock) f.push('cancel-punish-ok');
  // node `safe_refund`: past punish - safety a refund may lose the race to punish.
  if (c.cancel > d.punishTimelock - d.safety) f.push('cancel-refund-unsafe');
  if (c.refund >= d.finalityBtc && hexKnown(s, 'refund')) f.push('refund-final');
  if (c.punish >= d.finalityBtc) f.push('punish-final');
  if (s.swept) f.push('sweep-ok');
  return f;
}
