// The client's memo on a real disk: a restarted client (a new process would do the same) finds
// its reveal and answers session-params identically instead of making new, different keys material.
import { OutScript } from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { hash160, scriptToAddress } from '../../shared/crypto/btc-swap-txs';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import type { SwapId } from '../../shared/ids';
import type { ClientDatum } from '../../shared/protocol/datum';
import type { Deal } from '../../shared/protocol/deal';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileMemoStore, MemoryMemoStore } from './client-memo';
import { HeadlessClient } from './headless-client';

const chain = { network: BTC_NETWORKS['litecoin-regtest'], feeRateSatPerKvB: 2000n };
const SWAP = 'aa112233445566778899aabbccddeeff' as SwapId;
const addr = (i: number) => scriptToAddress(OutScript.encode({ type: 'wpkh', hash: hash160(secpPublicKey(new Uint8Array(32).fill(i))) }), chain.network);
const deal = (role: 'alice' | 'bob'): Deal => ({ swapId: SWAP, role, btcAmount: '1000000', xmrAmount: '1000000000000', cancelTimelock: 10, punishTimelock: 20, finalityBtc: 1, finalityXmr: 1, safety: 3 });
const client = (i: number, memo = new MemoryMemoStore()) =>
  new HeadlessClient({
    seed: new Uint8Array(32).fill(i),
    chain,
    memo,
    wallet: { btcAddress: async () => addr(i + 50), xmrDestination: async () => 'dest', xmrHeight: async () => 321, fundingVout: async () => ({ ok: true, value: 1 }) },
  });

async function answer(c: HeadlessClient, req: Parameters<HeadlessClient['handle']>[1]): Promise<ClientDatum | null> {
  const r = await c.handle(SWAP, req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
function as<K extends ClientDatum['kind']>(d: ClientDatum | null, kind: K): Extract<ClientDatum, { kind: K }> {
  if (!d || d.kind !== kind) throw new Error(`expected ${kind}, got ${d?.kind ?? 'null'}`);
  return d as Extract<ClientDatum, { kind: K }>;
}

describe('FileMemoStore', () => {
  it('keeps its memo on disk: a restarted client reuses its reveal and answers the same', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-memo-'));
    try {
      const one = client(11, new FileMemoStore(dir) as never);
      await one.register(deal('alice'));
      const first = as(await answer(one, { kind: 'session-params' }), 'alice-session-params');
      const two = client(11, new FileMemoStore(dir) as never);
      await two.register(deal('alice'));
      const again = as(await answer(two, { kind: 'session-params' }), 'alice-session-params');
      // the DLEQ proof is randomized: an equal proof shows the memo, not a recomputation, answered
      expect(again.reveal.proof).toBe(first.reveal.proof);
      expect(again.commit).toEqual(first.commit);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

});
