// Test scaffolding shared by the headless client's tests: two deterministic clients on one swap, a
// regtest chain, made-up addresses, and helpers that answer a datum request and narrow its kind.
import { OutScript } from '@scure/btc-signer';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { hash160, scriptToAddress } from '../../shared/crypto/btc-swap-txs';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import type { SwapId } from '../../shared/ids';
import type { ClientDatum } from '../../shared/protocol/datum';
import { fakeDeal } from '../protocol/synthetic';
import type { Deal } from '../../shared/protocol/deal';
import { type ClientMemoStore, MemoryMemoStore } from '../../electron/client/client-memo';
import { HeadlessClient } from '../../electron/client/headless-client';
import { inProcessSignerWithSeed, type SwapSigner } from '../../electron/client/swap-signer';

export const chain = { network: BTC_NETWORKS['litecoin-regtest'], feeRateSatPerKvB: 2000n };
export const SWAP = 'aa112233445566778899aabbccddeeff' as SwapId;
export const addr = (i: number) =>
  scriptToAddress(OutScript.encode({ type: 'wpkh', hash: hash160(secpPublicKey(new Uint8Array(32).fill(i))) }), chain.network);
export const deal = (role: 'alice' | 'bob'): Deal => ({ ...fakeDeal(role, SWAP), btcAmount: '1000000' });
/** Client `i`: its seed is 32 bytes of `i` in the in-process signer's keychain (or `signer` if given). */
export const client = (i: number, memo: ClientMemoStore = new MemoryMemoStore(), signer: SwapSigner = inProcessSignerWithSeed(new Uint8Array(32).fill(i))) =>
  new HeadlessClient({
    signer,
    chain,
    memo,
    wallet: { btcAddress: async () => addr(i + 50), xmrDestination: async () => 'dest', xmrHeight: async () => 321, fundingVout: async () => ({ ok: true, value: 1 }) },
  });

export async function answer(c: HeadlessClient, req: Parameters<HeadlessClient['handle']>[1]): Promise<ClientDatum | null> {
  const r = await c.handle(SWAP, req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
export function as<K extends ClientDatum['kind']>(d: ClientDatum | null, kind: K): Extract<ClientDatum, { kind: K }> {
  if (!d || d.kind !== kind) throw new Error(`expected ${kind}, got ${d?.kind ?? 'null'}`);
  return d as Extract<ClientDatum, { kind: K }>;
}
