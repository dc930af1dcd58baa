// Issue #24's manual commands on real nodes: Bob's daemon stops after his BTC lock and never returns;
// Alice never locks XMR. The person runs the swap command on Bob's data dir: `swap cancel` is refused
// while the cancel timelock is closed (the reason on stderr, nothing recorded), accepted once it
// opened; `swap refund` once the cancel has a block; the BTC comes back. Each command is in Bob's
// transcript, its broadcast right after it. Skipped with a printed reason when the node binaries are missing.
import { describe, expect, it } from 'vitest';
import { runDemo } from './regtest-demo';
import { expectEachPartyExact } from './demo-accounting-expect';
import { missingNodeBinaries } from '../regtest/node-binaries';

const missing = missingNodeBinaries('refund-by-cli.itest');

describe.skipIf(missing.length > 0)('refund by the swap command: cancel then refund of a stuck swap, on real nodes', () => {
  it("Bob's app gone after his BTC lock: `swap cancel` refused too early, then cancel and refund bring his BTC back", async () => {
    const lines: string[] = [];
    const r = await runDemo({ path: 'refund', refundByCli: true, progress: (l) => lines.push(l) });
    console.log(`refund by cli: ${r.wallSec} s, BTC back ${r.btcSats} sats`);
    for (const l of lines.filter((x) => x.includes('[bob by cli]'))) console.log(l);
    const c = r.byCli!;
    expect(c).toBeDefined();
    const [early, onTime, back] = c.runs;
    expect(early).toMatchObject({ args: ['cancel', expect.any(String), '--data-dir', expect.any(String)], code: 4 });
    expect(early!.stderr).toMatch(/The cancel timelock opens in about \d+ blocks?/);
    expect(onTime).toMatchObject({ code: 0 });
    expect(onTime!.stdout).toContain(`cancel ${c.cancelTxid}`);
    expect(back).toMatchObject({ code: 0 });
    expect(back!.stdout).toContain(`refund ${c.refundTxid}`);
    expect(back!.stderr).toContain('accepted by the node');
    // The refused command left nothing; each accepted one is recorded, its broadcast right after it.
    expect(c.recorded.map((x) => x.action)).toEqual(['cancel', 'refund']);
    for (const x of c.recorded) expect(x.next).toMatchObject({ kind: 'btc-task', seq: x.seq + 1, cause: { by: 'manual' }, task: { kind: 'broadcast', id: expect.stringContaining(`:broadcast:${x.action}:`) } });
    expect(r.alice).toBe('refunded');
    expect(r.bob).toBe('refunded');
    // Bob's refund address got his BTC back, less the cancel and refund fees.
    expect(r.btcSats).toBeGreaterThan(1_000_000 - 5_000);
    expect(r.btcSats).toBeLessThan(1_000_000);
    expectEachPartyExact(r);
  }, 400_000);
});
