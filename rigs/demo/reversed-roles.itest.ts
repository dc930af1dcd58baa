// The roles reversed on real nodes (issue #20): the maker is Bob (buys XMR with BTC) and the taker is
// Alice (sells XMR), who dials him. One litecoind + monerod pair serves the three swaps (happy, refund,
// punish), each with its own daemons, syncer workers, stores, clients and TLS link. Each case asserts
// the outcome on both sides and what each party's coins did on each chain: what it received or lost,
// against the fees of the transactions on its path as the node (BTC) or its wallet (XMR) reports them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type XmrRegtest } from '../../electron/regtest';
import { runDemo, type DemoPath, type DemoResult } from './regtest-demo';
import { expectEachPartyExact } from './demo-accounting-expect';
import { missingNodeBinaries } from '../regtest/node-binaries';

const missing = missingNodeBinaries('reversed-roles.itest');

const BTC_SATS = 1_000_000;
const XMR_PICO = 1_000_000_000_000n;

describe.skipIf(missing.length > 0)('roles reversed: the maker is Bob, the taker Alice', () => {
  let nodes: { btc: BtcRegtest; xmr: XmrRegtest } | null = null;
  beforeAll(async () => {
    const [btc, xmr] = await Promise.all([startBtcRegtest(), startXmrRegtest()]);
    nodes = { btc, xmr };
    // The template's miner wallet funds each run's Alice; the node keeps its first start (or failure)
    // for every later run, so it starts here, before any swap competes for the CPU.
    await xmr.minerWallet();
  }, 180_000);
  afterAll(async () => {
    await Promise.all([nodes?.btc.stop(), nodes?.xmr.stop()]);
  }, 60_000);

  const run = async (path: DemoPath): Promise<DemoResult> => {
    if (!nodes) throw new Error('nodes did not start');
    const lines: string[] = [];
    try {
      const r = await runDemo({ path, maker: 'bob', nodes, progress: (l) => lines.push(l) });
      console.log(`maker bob, ${path}: ${r.wallSec} s, alice ${r.alice}, bob ${r.bob}, BTC ${r.btcSats} sats, XMR ${r.xmrPiconero}, Alice's XMR spent ${r.aliceXmrSpent.piconero} (lock fee ${r.aliceXmrSpent.lockFeePiconero}); fees ${r.paidFees.map((f) => `${f.name} ${f.feeSats}`).join(', ')}`);
      expectEachPartyExact(r);
      return r;
    } catch (e) {
      console.log(lines.slice(-40).join('\n'));
      throw e;
    }
  };
  const fee = (r: DemoResult, name: string): number => {
    const f = r.paidFees.find((x) => x.name === name);
    if (!f) throw new Error(`no mined ${name} among ${r.paidFees.map((x) => x.name).join(', ')}`);
    return f.feeSats;
  };

  it('happy: Alice gets the BTC minus the buy fee and spends the XMR plus its lock fee; Bob sweeps the XMR minus the sweep fee', async () => {
    const r = await run('happy');
    expect(r.makerRole).toBe('bob');
    expect([r.alice, r.bob, r.outcome]).toEqual(['swapped', 'swapped', 'swapped']);
    // Alice, BTC: the locked amount arrives at her payout address less the buy fee (the buy spends the lock output).
    expect(r.btcSats).toBe(BTC_SATS - fee(r, 'buy'));
    // Alice, XMR: exactly the swap amount and the fee of her lock transfer left her wallet.
    expect(BigInt(r.aliceXmrSpent.lockFeePiconero)).toBeGreaterThan(0n);
    expect(BigInt(r.aliceXmrSpent.piconero)).toBe(XMR_PICO + BigInt(r.aliceXmrSpent.lockFeePiconero));
    // Bob, XMR: the swept amount is the lock amount less a sweep fee (well under 0.01 XMR).
    expect(BigInt(r.xmrPiconero)).toBeLessThan(XMR_PICO);
    expect(BigInt(r.xmrPiconero)).toBeGreaterThan(XMR_PICO - 10_000_000_000n);
    expect(r.paidFees.map((f) => f.name).sort()).toEqual(['buy', 'lock']);
  }, 300_000);

  it('refund: Alice never locks; Bob (the maker) cancels and refunds by himself; Alice spent no XMR', async () => {
    const r = await run('refund');
    expect([r.alice, r.bob, r.outcome]).toEqual(['refunded', 'refunded', 'refunded']);
    // Bob, BTC: his lock amount comes back less the cancel and refund fees (both spend the lock's value).
    expect(r.btcSats).toBe(BTC_SATS - fee(r, 'cancel') - fee(r, 'refund'));
    expect(r.paidFees.map((f) => f.name).sort()).toEqual(['cancel', 'lock', 'refund']);
    // Alice, XMR: nothing left her wallet.
    expect(r.aliceXmrSpent).toEqual({ piconero: '0', lockFeePiconero: '0' });
    expect(r.xmrPiconero).toBe('0');
  }, 300_000);

  it('punish: Bob (the maker) vanishes after his lock; Alice cancels and punishes; Bob restarts and learns he was punished', async () => {
    const r = await run('punish');
    expect([r.alice, r.bob, r.outcome]).toEqual(['punished', 'punished', 'punished']);
    // Alice, BTC: the lock amount less the cancel and punish fees; Alice, XMR: her lock is lost.
    expect(r.btcSats).toBe(BTC_SATS - fee(r, 'cancel') - fee(r, 'punish'));
    expect(r.paidFees.map((f) => f.name).sort()).toEqual(['cancel', 'lock', 'punish']);
    expect(BigInt(r.aliceXmrSpent.piconero)).toBe(XMR_PICO + BigInt(r.aliceXmrSpent.lockFeePiconero));
    expect(BigInt(r.aliceXmrSpent.lockFeePiconero)).toBeGreaterThan(0n);
  }, 300_000);
});
