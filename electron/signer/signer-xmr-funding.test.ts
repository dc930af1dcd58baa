// The signer's xmr-funding-keys request: Alice's per-swap XMR funding wallet keys, deterministic per
// seed and swap, a valid key pair, unrelated to the swap's own Monero share; Bob is refused (typed).
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../shared/hex';
import { SwapIdSchema } from '../../shared/ids';
import { publicKeyOf, viewFromSpend } from '../../shared/crypto/monero-keys';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { createSignerCore } from './signer-core';
import { XmrFundingKeysValueSchema, type SignerLogLine } from './signer-protocol';

const SWAP = SwapIdSchema.parse('0123456789abcdef0123456789abcdef');
const SWAP2 = SwapIdSchema.parse('fedcba9876543210fedcba9876543210');
const SEED = toHex(new Uint8Array(32).fill(9));

function core(logs: SignerLogLine[] = []) {
  const c = createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, SEED]]), log: (l) => logs.push(l) });
  let id = 0;
  return async (body: unknown) => (await c.handle({ id: ++id, body })).result;
}

describe('signer: xmr-funding-keys', () => {
  it('gives Alice the same valid key pair for a swap on every signer, another for another swap', async () => {
    const logs: SignerLogLine[] = [];
    const a = await core(logs)({ kind: 'xmr-funding-keys', swapId: SWAP, role: 'alice' });
    const again = await core()({ kind: 'xmr-funding-keys', swapId: SWAP, role: 'alice' });
    const other = await core()({ kind: 'xmr-funding-keys', swapId: SWAP2, role: 'alice' });
    if (!a.ok || !again.ok || !other.ok) throw new Error('expected answers');
    const k = XmrFundingKeysValueSchema.parse(a.value);
    expect(again.value).toEqual(k);
    expect(XmrFundingKeysValueSchema.parse(other.value).spendKey).not.toBe(k.spendKey);
    const spend = fromHex(k.spendKey);
    const view = viewFromSpend(spend);
    expect(view.ok && toHex(view.value)).toBe(k.viewKey);
    const spendPub = publicKeyOf(spend);
    expect(spendPub.ok && toHex(spendPub.value)).toBe(k.spendPublic);
    // The log names the event and the swap, never a key.
    expect(logs.some((l) => l.event === 'xmr-funding-keys' && l.swapId === SWAP)).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(k.spendKey);
    expect(JSON.stringify(logs)).not.toContain(k.viewKey);
  });

  it('is not the swap Monero share (the peer learns that one; the funding wallet stays the person\'s)', async () => {
    const call = core();
    const f = await call({ kind: 'xmr-funding-keys', swapId: SWAP, role: 'alice' });
    const p = await call({ kind: 'public-keys', swapId: SWAP, role: 'alice' });
    if (!f.ok || !p.ok) throw new Error('expected answers');
    const keys = XmrFundingKeysValueSchema.parse(f.value);
    const pub = p.value as { xmrSpendPublic: string; xmrViewPrivate: string };
    expect(keys.spendPublic).not.toBe(pub.xmrSpendPublic);
    expect(keys.viewKey).not.toBe(pub.xmrViewPrivate);
  });

  it('refuses Bob (wrong-role) and bad input (bad-request), answering no key', async () => {
    const call = core();
    const bob = await call({ kind: 'xmr-funding-keys', swapId: SWAP, role: 'bob' });
    expect(bob.ok ? 'ok' : bob.error.kind).toBe('wrong-role');
    const bad = await call({ kind: 'xmr-funding-keys', swapId: 'nothex', role: 'alice' });
    expect(bad.ok ? 'ok' : bad.error.kind).toBe('bad-request');
    const extra = await call({ kind: 'xmr-funding-keys', swapId: SWAP, role: 'alice', spend: 1 });
    expect(extra.ok ? 'ok' : extra.error.kind).toBe('bad-request');
  });
});
