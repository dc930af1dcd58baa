// Taker-Alice sells XMR from the swap's own XMR funding wallet against a maker-Bob, on real nodes
// (issue 20 part G): her client holds no XMR payer; the person pays the funding address (the keys come
// from her signer for this swap only), the client locks from it once the payment has 10 confirmations
// and sweeps the rest back to her refund address. Short: half the funding amount never locks; the
// lock window closes, Bob refunds his BTC, and Alice's XMR is swept back whole minus the sweep fee.
// One litecoind + monerod pair serves both swaps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type FundedWallet, type XmrRegtest } from '../../electron/regtest';
import { runDemo, type DemoPath, type DemoResult } from './regtest-demo';
import type { AliceFundingMode, AliceFundingPaid } from './alice-xmr-funding';

const XMR_PICO = 1_000_000_000_000n;
let nodes: { btc: BtcRegtest; xmr: XmrRegtest } | null = null;

beforeAll(async () => {
  const [btc, xmr] = await Promise.all([startBtcRegtest(), startXmrRegtest()]);
  nodes = { btc, xmr };
  await xmr.minerWallet();
}, 180_000);
afterAll(async () => {
  await Promise.all([nodes?.btc.stop(), nodes?.xmr.stop()]);
}, 60_000);

interface SweptBack {
  readonly paid: AliceFundingPaid;
  /** What reached Alice's refund address from the funding wallet's sweep. */
  readonly back: bigint;
}

/** Wait (up to 90 s) for the client's sweep-back line, then read what the sweep paid Alice's wallet. */
async function sweptBack(lines: string[], f: AliceFundingPaid & { aliceXmr: FundedWallet }): Promise<SweptBack> {
  const t0 = Date.now();
  let txid: string | undefined;
  while (!txid && Date.now() - t0 < 90_000) {
    txid = lines.map((l) => /xmr-funding-swept ([0-9a-f]{64})/.exec(l)?.[1]).find((x) => x);
    if (!txid) await new Promise((r) => setTimeout(r, 500));
  }
  if (!txid) throw new Error('no sweep-back of the funding wallet within 90 s');
  const w = f.aliceXmr.wallet;
  await w.rpc('refresh', {});
  const t = await w.rpc<{ in?: Array<{ txid: string; amount: number }>; pool?: Array<{ txid: string; amount: number }> }>('get_transfers', { in: true, pool: true });
  const back = [...(t.in ?? []), ...(t.pool ?? [])].filter((x) => x.txid === txid).reduce((s, x) => s + BigInt(x.amount), 0n);
  return { paid: f, back };
}

async function run(path: DemoPath, mode: AliceFundingMode): Promise<{ r: DemoResult; s: SweptBack }> {
  if (!nodes) throw new Error('nodes did not start');
  const lines: string[] = [];
  let s: SweptBack | undefined;
  try {
    const r = await runDemo({
      path, maker: 'bob', nodes, progress: (l) => lines.push(l), aliceXmrFunding: mode,
      onAliceFunding: async (f) => void (s = await sweptBack(lines, f)),
    });
    if (!s) throw new Error('the funding hook never ran');
    console.log(`maker bob, alice from funding (${mode}): ${r.wallSec} s, alice ${r.alice}, bob ${r.bob}, paid ${s.paid.paid} of ${s.paid.need}, swept back ${s.back}`);
    return { r, s };
  } catch (e) {
    console.log(lines.slice(-60).join('\n'));
    throw e;
  }
}

describe('taker-Alice sells XMR from the swap\'s funding wallet (maker Bob)', () => {
  it('happy: the lock comes from the funding wallet at 10 confirmations; swapped; the fee reserve\'s rest comes back', async () => {
    const { r, s } = await run('happy', 'full');
    expect([r.alice, r.bob, r.outcome]).toEqual(['swapped', 'swapped', 'swapped']);
    // Bob swept (close to) the 1 XMR the funding wallet locked.
    expect(BigInt(r.xmrPiconero)).toBeGreaterThan(XMR_PICO - 10_000_000_000n);
    expect(BigInt(r.xmrPiconero)).toBeLessThanOrEqual(XMR_PICO);
    // Back to Alice: the reserve less the lock's and the sweep's fees, never any of the locked XMR.
    expect(s.back).toBeGreaterThan(0n);
    expect(s.back).toBeLessThan(s.paid.need - XMR_PICO);
  }, 400_000);

  it('short: nothing is locked, the swap ends refunded, and all Alice paid comes back less the sweep fee', async () => {
    const { r, s } = await run('refund', 'short');
    expect(r.outcome).toBe('refunded');
    expect(s.paid.paid).toBeLessThan(s.paid.need);
    expect(s.back).toBeLessThan(s.paid.paid);
    expect(s.back).toBeGreaterThan(s.paid.paid - 10_000_000_000n); // a sweep fee well under 0.01 XMR
    expect(r.xmrPiconero).toBe('0');
  }, 400_000);
});
