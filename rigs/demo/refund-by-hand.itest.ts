// Issue #23's Done-when on real nodes: the exported refund transaction of a stuck swap, broadcast by the
// test through the node's own RPC, refunds. Bob's daemon stops after his BTC lock and never returns;
// Alice never locks XMR; the recovery file read from Bob's data dir gives the cancel and the refund.
// Skipped with a printed reason when the node binaries are missing.
import { describe, expect, it } from 'vitest';
import { runDemo } from './regtest-demo';
import { expectEachPartyExact } from './demo-accounting-expect';
import { missingNodeBinaries } from '../regtest/node-binaries';

const missing = missingNodeBinaries('refund-by-hand.itest');

describe.skipIf(missing.length > 0)('refund by hand: the recovery file of a stuck swap refunds through the node', () => {
  it("Bob's app gone after his BTC lock: his exported cancel and refund, broadcast by hand, bring his BTC back", async () => {
    const lines: string[] = [];
    const r = await runDemo({ path: 'refund', refundByHand: true, progress: (l) => lines.push(l) });
    console.log(`refund by hand: ${r.wallSec} s, BTC back ${r.btcSats} sats`);
    for (const l of lines.filter((x) => x.includes('[bob by hand]'))) console.log(l);
    expect(r.byHand).toBeDefined();
    // Exported right after the lock: neither was valid yet, and the file says so.
    expect(r.byHand!.statuses).toMatchObject({ cancel: 'not-yet', refund: 'not-yet' });
    expect(r.byHand!.refundTxid).toMatch(/^[0-9a-f]{64}$/);
    expect(lines.some((l) => l.includes('[bob by hand] refund') && l.includes('broadcast through the node'))).toBe(true);
    expect(r.alice).toBe('refunded');
    expect(r.bob).toBe('refunded');
    // Bob's refund address got his BTC back, less the cancel and refund fees.
    expect(r.btcSats).toBeGreaterThan(1_000_000 - 5_000);
    expect(r.btcSats).toBeLessThan(1_000_000);
    expectEachPartyExact(r);
  }, 300_000);
});
