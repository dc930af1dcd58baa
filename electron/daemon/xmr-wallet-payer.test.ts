import { describe, expect, it } from 'vitest';
import { payXmrOnce } from './xmr-wallet-payer';

/** A monero-wallet-rpc stand-in: `transfer` fails with locked change `lockedFor` times, then pays. */
function fakeWallet(lockedFor: number, earlier: string[] = []) {
  const calls: string[] = [];
  const sent: string[] = [...earlier];
  let refusals = lockedFor;
  return {
    calls,
    sent,
    async rpc<T>(method: string, params?: Record<string, unknown>): Promise<T> {
      calls.push(method);
      if (method === 'refresh') return {} as T;
      if (method === 'get_transfers') return { out: sent.map((address, i) => ({ txid: `tx${i}`, destinations: [{ address }] })) } as T;
      if (method === 'transfer') {
        if (refusals-- > 0) throw new Error('not enough unlocked money');
        const address = (params?.destinations as Array<{ address: string }>)[0]!.address;
        sent.push(address);
        return { tx_hash: `tx${sent.length - 1}` } as T;
      }
      throw new Error(`unexpected ${method}`);
    },
  };
}

describe('payXmrOnce', () => {
  it('waits out locked change (retries with backoff) and pays once', async () => {
    const w = fakeWallet(2);
    const r = await payXmrOnce(w, 'addr-a', 5n, 10_000);
    expect(r).toEqual({ ok: true, value: 'tx0' });
    expect(w.sent).toEqual(['addr-a']);
    expect(w.calls.filter((c) => c === 'transfer')).toHaveLength(3);
  });

  it('finds an earlier payment to the address and never pays twice', async () => {
    const w = fakeWallet(0, ['addr-b']);
    const r = await payXmrOnce(w, 'addr-b', 5n, 10_000);
    expect(r).toEqual({ ok: true, value: 'tx0' });
    expect(w.calls).not.toContain('transfer');
  });

  it('a payment still pending (sent, not yet in a block) counts: a restart right after the transfer does not pay again', async () => {
    const calls: string[] = [];
    const w = {
      async rpc<T>(method: string): Promise<T> {
        calls.push(method);
        if (method === 'get_transfers') return { pending: [{ txid: 'txp', destinations: [{ address: 'addr-d' }] }] } as T;
        if (method === 'refresh') return {} as T;
        throw new Error(`unexpected ${method}`);
      },
    };
    expect(await payXmrOnce(w, 'addr-d', 5n, 10_000)).toEqual({ ok: true, value: 'txp' });
    expect(calls).not.toContain('transfer');
  });

  it('gives up after its time budget with the wallet error and how long it tried', async () => {
    const w = fakeWallet(1000);
    const r = await payXmrOnce(w, 'addr-c', 5n, 1_200);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('xmr-transfer');
      expect(r.error.message).toMatch(/failed for \d+ s: not enough unlocked money/);
    }
    expect(w.sent).toEqual([]);
  });
});
