// The per-check costs the offer-book bench prints: every path checks the same genuine events (a value
// for each, no timing asserted), and a tampered event stops the measurement instead of timing a refusal.
import { describe, expect, it } from 'vitest';
import { verifyNostrEvent } from '../../shared/crypto/nostr-key';
import { nowSec, orderEvent, standingTerms, testMaker } from '../nostr/order-fixtures';
import { measureVerifyCosts } from './offerbook-verify-bench';

describe('measureVerifyCosts', () => {
  const maker = testMaker(33);
  const now = nowSec();
  const events = Array.from({ length: 4 }, () => orderEvent(maker, standingTerms(maker, { now }), { status: 'pending', remaining: 2 }, now, now));

  it('gives a cost for each check and each whole read', () => {
    const c = measureVerifyCosts(events, verifyNostrEvent, 4, 1);
    for (const v of Object.values(c)) expect(Number.isFinite(v) && v > 0).toBe(true);
    expect(Object.keys(c).sort()).toEqual(['ed25519NobleUs', 'ed25519NodeUs', 'readFastUs', 'readNobleUs', 'schnorrNobleUs', 'schnorrWasmUs']);
  });

  it('refuses to time a signature that does not verify', () => {
    const tampered = [{ ...events[0]!, sig: events[1]!.sig }];
    expect(() => measureVerifyCosts(tampered, verifyNostrEvent, 1, 1)).toThrow(/did not verify/);
  });
});
