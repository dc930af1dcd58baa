// End to end on real nodes: the demo's happy path (and refund) with real litecoind, monerod,
// monero-wallet-rpc, syncer worker processes, the TLS peer link and the on-disk transcript store.
// Each party's own coins on both chains exact to the sat and piconero (demo-accounting.ts).
// Skipped with a printed reason when the node binaries are missing.
import { describe, expect, it } from 'vitest';
import { runDemo } from './regtest-demo';
import { missingNodeBinaries } from '../regtest/node-binaries';
import { expectEachPartyExact } from './demo-accounting-expect';

const missing = missingNodeBinaries('regtest-demo.itest');

describe.skipIf(missing.length > 0)('a whole swap on regtest', () => {
  it('happy path: Alice gets the BTC minus the buy fee, Bob sweeps the XMR minus the sweep fee', async () => {
    const lines: string[] = [];
    const r = await runDemo({ path: 'happy', progress: (l) => lines.push(l) });
    console.log(`happy path: ${r.wallSec} s, BTC ${r.btcSats} sats, XMR ${r.xmrPiconero}`);
    expect(r.alice).toBe('swapped');
    expect(r.bob).toBe('swapped');
    expect(r.btcSats).toBeGreaterThan(1_000_000 - 2_000);
    expect(r.btcSats).toBeLessThan(1_000_000);
    expect(BigInt(r.xmrPiconero)).toBeGreaterThan(1_000_000_000_000n - 10_000_000_000n);
    expect(BigInt(r.xmrPiconero)).toBeLessThan(1_000_000_000_000n);
    expectEachPartyExact(r);
  }, 300_000);

  it('refund path: Alice never locks XMR; Bob cancels and refunds by himself at the right heights', async () => {
    const lines: string[] = [];
    const r = await runDemo({ path: 'refund', progress: (l) => lines.push(l) });
    console.log(`refund path: ${r.wallSec} s, BTC refunded ${r.btcSats} sats`);
    expect(r.alice).toBe('refunded');
    expect(r.bob).toBe('refunded');
    // lock amount minus the cancel and refund fees comes back to Bob's refund address
    expect(r.btcSats).toBeGreaterThan(1_000_000 - 5_000);
    expect(r.btcSats).toBeLessThan(1_000_000);
    expectEachPartyExact(r);
  }, 300_000);

  it('punish path: Bob vanishes after his lock; Alice cancels and punishes; Bob restarts, recovers and learns he was punished', async () => {
    const lines: string[] = [];
    const r = await runDemo({ path: 'punish', progress: (l) => lines.push(l) });
    console.log(`punish path: ${r.wallSec} s, BTC to Alice ${r.btcSats} sats`);
    expect(r.alice).toBe('punished');
    expect(r.bob).toBe('punished');
    expect(r.btcSats).toBeGreaterThan(1_000_000 - 5_000);
    expectEachPartyExact(r);
  }, 300_000);
});
