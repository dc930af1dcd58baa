// The lock of Alice's funding wallet with a journal (the app's wallet), over a scripted wallet-rpc: the
// lock transfer is built unrelayed, recorded, then relayed; a recorded lock is relayed again as recorded
// (never a new transfer) or, once the wallet lists it as sent, just returned; a record for another
// address is refused.
import { describe, expect, it } from 'vitest';
import { SwapIdSchema } from '../../shared/ids';
import { inProcessSignerWithSeed } from './swap-signer';
import { openXmrFundingWallet, type MoneroWalletRpc, type RecordedLock } from './xmr-funding-wallet';
import { xmrFundingAddressOf } from '../../shared/crypto/xmr-funding-keys';

const swapId = SwapIdSchema.parse('d4'.repeat(16));
const TXID = 'ab'.repeat(32);

async function setup(o: { sent?: string[]; recorded?: RecordedLock; relayFails?: boolean } = {}) {
  const keys = await inProcessSignerWithSeed(new Uint8Array(32).fill(4)).xmrFundingKeys({ swapId, role: 'alice' });
  if (!keys.ok) throw new Error(keys.error.message);
  const address = xmrFundingAddressOf(keys.value, 'mainnet');
  if (!address.ok) throw new Error(address.error.message);
  const calls: Array<[string, Record<string, unknown>]> = [];
  const journal: RecordedLock[] = o.recorded ? [o.recorded] : [];
  const rpc: MoneroWalletRpc = {
    async rpc<T>(method: string, params: Record<string, unknown> = {}) {
      calls.push([method, params]);
      const answers: Record<string, unknown> = {
        open_wallet: {},
        get_address: { address: address.value },
        refresh: {},
        get_transfers: { out: (o.sent ?? []).map((txid) => ({ txid, amount: 1 })) },
        get_balance: { balance: 3_000_000_000_000, unlocked_balance: 3_000_000_000_000 },
        transfer: { tx_hash: TXID, tx_metadata: 'beef' },
        store: {},
      };
      if (method === 'relay_tx') {
        if (o.relayFails) throw new Error('double spend');
        return { tx_hash: TXID } as T;
      }
      return answers[method] as T;
    },
  };
  const w = await openXmrFundingWallet(rpc, {
    swapId, keys: keys.value, network: 'mainnet', restoreHeight: 0,
    journal: { recorded: () => journal.at(-1), record: async (l) => void journal.push(l) },
  });
  if (!w.ok) throw new Error(w.error.message);
  return { w: w.value, calls, journal, lockTo: address.value };
}

describe('the funding wallet\'s lock with a journal', () => {
  it('builds the transfer unrelayed, records it, then relays those bytes and stores the wallet', async () => {
    const { w, calls, journal, lockTo } = await setup();
    const r = await w.lock(lockTo, 1_000_000_000_000n);
    expect(r).toEqual({ ok: true, value: TXID });
    const methods = calls.map(([m]) => m);
    expect(methods.slice(methods.indexOf('transfer'))).toEqual(['transfer', 'relay_tx', 'store']);
    expect(calls.find(([m]) => m === 'transfer')?.[1]).toMatchObject({ do_not_relay: true, get_tx_metadata: true, priority: 1 });
    expect(calls.find(([m]) => m === 'relay_tx')?.[1]).toEqual({ hex: 'beef' });
    expect(journal).toEqual([{ address: lockTo, txid: TXID, metadata: 'beef' }]);
  });

  it('a recorded lock is relayed as recorded, never built again; a relay error is a retry, not a new transfer', async () => {
    const { w, lockTo } = await setup();
    const rec = { address: lockTo, txid: 'cd'.repeat(32), metadata: 'f00d' };
    const again = await setup({ recorded: rec });
    const r = await again.w.lock(lockTo, 1_000_000_000_000n);
    expect(r).toEqual({ ok: true, value: rec.txid });
    expect(again.calls.some(([m]) => m === 'transfer')).toBe(false);
    expect(again.calls.find(([m]) => m === 'relay_tx')?.[1]).toEqual({ hex: 'f00d' });
    const failing = await setup({ recorded: rec, relayFails: true });
    const f = await failing.w.lock(lockTo, 1_000_000_000_000n);
    expect(f.ok ? 'ok' : f.error.kind).toBe('xmr-funding-rpc');
    expect(failing.calls.some(([m]) => m === 'transfer')).toBe(false);
    void w;
  });

  it('a recorded lock the wallet lists as sent is returned with no relay; a record for another address is refused', async () => {
    const { lockTo } = await setup();
    const rec = { address: lockTo, txid: 'cd'.repeat(32), metadata: 'f00d' };
    const sent = await setup({ recorded: rec, sent: [rec.txid] });
    expect(await sent.w.lock(lockTo, 1_000_000_000_000n)).toEqual({ ok: true, value: rec.txid });
    expect(sent.calls.some(([m]) => m === 'relay_tx' || m === 'transfer')).toBe(false);
    const other = await setup({ recorded: { ...rec, address: 'elsewhere' } });
    const r = await other.w.lock(lockTo, 1_000_000_000_000n);
    expect(r.ok ? 'ok' : r.error.kind).toBe('xmr-funding-bad-address');
    expect(other.calls.some(([m]) => m === 'relay_tx' || m === 'transfer')).toBe(false);
  });
});
