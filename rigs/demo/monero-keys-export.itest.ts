// Issue #23's Done-when on real nodes: the exported Monero keys sweep a lock the test prepared. After a
// happy swap Bob owns the joint Monero keys (his client recovered Alice's share at the buy); the
// recovery file from his running wallet gives them. The test pays a second amount to the swap's joint
// address (a lock payment that arrived late, say), opens a wallet from the exported address, view and
// spend keys alone, sees that payment and sweeps it to Bob's own address, as a person would in any
// Monero wallet. Skipped with a printed reason when the node binaries are missing.
import { describe, expect, it } from 'vitest';
import { readSwapTranscript, recoveryFile, supportFile } from '../../electron/app/swap-exports';
import type { RecoveryExport } from '../../shared/protocol/support-export-recovery';
import { runDemo } from './regtest-demo';
import { missingNodeBinaries } from '../regtest/node-binaries';

const missing = missingNodeBinaries('monero-keys-export.itest');

const LATE = 50_000_000_000n; // 0.05 XMR

describe.skipIf(missing.length > 0)('the recovery file\'s Monero keys', () => {
  it('after a swap, the exported joint keys alone open a wallet that sees and sweeps a later payment to the lock address', async () => {
    let seen: { keys: NonNullable<RecoveryExport['monero']>; swept: string[]; sweptPico: bigint; onNode: number; support: string; rawTxs: string[]; txids: string[] } | null = null;
    const r = await runDemo({
      path: 'happy',
      progress: () => undefined,
      onSwapEnd: async ({ xmr, bob, swapId, bobXmrDest }) => {
        const t = await readSwapTranscript({ read: (id) => bob.readTranscript(id) }, swapId);
        if (!t.ok) throw new Error(t.error.message);
        const x = JSON.parse(recoveryFile(t.value).json) as RecoveryExport;
        if (!x.monero?.spendKey) throw new Error(`no spend key in Bob's recovery file: ${x.monero?.note ?? x.missing.join('; ')}`);
        // The support file of the same finished swap, for the redaction check below.
        const support = supportFile(t.value, [], 'itest').json;
        const w = await xmr.startWalletRpc();
        try {
          await w.rpc('generate_from_keys', { filename: 'from-export', address: x.monero.address, viewkey: x.monero.viewKey, spendkey: x.monero.spendKey, restore_height: x.monero.restoreHeight, password: '' });
          // Pays the joint address and waits until this wallet (the exported keys) sees it unlocked.
          await xmr.fundWallet(w, x.monero.address, LATE);
          const sweep = await w.rpc<{ tx_hash_list?: string[]; amount_list?: Array<number | string> }>('sweep_all', { address: bobXmrDest, account_index: 0 });
          const swept = sweep.tx_hash_list ?? [];
          const found = await fetch(`${xmr.daemonUrl}/get_transactions`, { method: 'POST', body: JSON.stringify({ txs_hashes: swept }) }).then((res) => res.json() as Promise<{ txs?: unknown[] }>);
          seen = { keys: x.monero, swept, sweptPico: (sweep.amount_list ?? []).reduce<bigint>((a, n) => a + BigInt(n), 0n), onNode: found.txs?.length ?? 0, support, rawTxs: x.transactions.map((tx) => tx.hex), txids: x.transactions.map((tx) => tx.txid) };
        } finally {
          await w.stop();
        }
      },
    });
    expect(r.alice).toBe('swapped');
    expect(r.bob).toBe('swapped');
    expect(seen).not.toBeNull();
    const s = seen!;
    console.log(`exported keys swept ${s.sweptPico} piconero of a ${LATE} late payment in ${s.swept.length} tx(s)`);
    expect(s.keys.spendKey).toMatch(/^[0-9a-f]{64}$/);
    expect(s.swept.length).toBeGreaterThan(0);
    expect(s.onNode).toBe(s.swept.length);
    // All of it but the sweep's network fee (about 0.002 XMR on regtest; under a tenth of the payment).
    expect(s.sweptPico).toBeLessThan(LATE);
    expect(s.sweptPico).toBeGreaterThan(LATE - LATE / 10n);
    // The support file of this real finished swap holds none of the secrets the recovery file holds (the
    // joint spend and view keys, the signed raw transactions), in either case, but keeps the txids.
    const support = s.support.toLowerCase();
    for (const secret of [s.keys.spendKey!, s.keys.viewKey, ...s.rawTxs]) expect(support.includes(secret.toLowerCase())).toBe(false);
    expect(s.txids.every((id) => support.includes(id))).toBe(true);
  }, 300_000);
});
