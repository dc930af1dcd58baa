// The headless client signs through a REAL signer process whose seed is in a real OS keychain
// (gnome-keyring on a private D-Bus, through keytar): a first signer creates the seed, a second signer
// process finds it and the client gets the very same swap keys; a locked keyring gives the client a
// typed `client-signer` error instead of keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import type { ClientDatum } from '../../shared/protocol/datum';
import { fakeDeal } from '../../rigs/protocol/synthetic';
import { secretServiceMissingReason, startPrivateSecretService, type PrivateSecretService } from '../keychain/private-secret-service';
import { createSignerClient, type SignerClient } from '../signer/signer-client';
import { forkSignerProcess } from '../signer/signer-transport';
import { MemoryMemoStore } from './client-memo';
import { HeadlessClient } from './headless-client';
import { chain } from '../../rigs/client/headless-client.helpers';
import { signerProcessSigner } from './swap-signer';

const missing = secretServiceMissingReason();
if (missing) console.log(`headless-client-keychain.itest: skipped, ${missing}`);

const deal = fakeDeal('alice', '0f1e2d3c4b5a69788796a5b4c3d2e1f0' as SwapId);

function clientOver(signer: SignerClient) {
  return new HeadlessClient({
    signer: signerProcessSigner(signer),
    chain,
    memo: new MemoryMemoStore(),
    wallet: {
      btcAddress: async () => 'rltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kvm3cdl',
      xmrDestination: async () => '',
      xmrHeight: async () => 100,
      fundingVout: async () => ({ ok: false, error: { kind: 'none', message: 'none' } }),
    },
  });
}

describe.skipIf(missing !== null)('headless client signing through a signer process on a real OS keychain', () => {
  let svc: PrivateSecretService;
  const signers: SignerClient[] = [];
  const startSigner = async (keychainTimeoutMs = 5_000) => {
    const s = createSignerClient({ requestTimeoutMs: 30_000, spawn: () => forkSignerProcess({ env: svc.env, keychainTimeoutMs }) });
    signers.push(s);
    const started = await s.start();
    if (!started.ok) throw new Error(started.error.message);
    return s;
  };
  const sessionParams = async (signer: SignerClient) => {
    const c = clientOver(signer);
    await c.register(deal);
    return c.handle(deal.swapId, { kind: 'session-params' });
  };
  const reveal = (d: ClientDatum | null) => {
    if (d?.kind !== 'alice-session-params') throw new Error(`expected alice-session-params, got ${d?.kind ?? 'null'}`);
    return d.reveal;
  };

  beforeAll(async () => {
    svc = await startPrivateSecretService({ unlock: true });
  }, 60_000);
  afterAll(async () => {
    for (const s of signers) await s.stop();
    await svc?.stop();
  });

  it('the first signer creates the seed; a later signer process gives the client the same swap keys', async () => {
    const first = await startSigner();
    const r1 = await sessionParams(first);
    if (!r1.ok) throw new Error(r1.error.message);
    const s1 = await first.request({ kind: 'status' });
    expect(s1.ok && s1.value.seedCreated).toBe(true);
    await first.stop();

    const second = await startSigner();
    const r2 = await sessionParams(second);
    if (!r2.ok) throw new Error(r2.error.message);
    const s2 = await second.request({ kind: 'status' });
    expect(s2.ok && s2.value.seedCreated).toBe(false);
    expect(s2.ok && s1.ok && s2.value.seedFingerprint).toBe(s1.ok && s1.value.seedFingerprint);
    const [a, b] = [reveal(r1.value), reveal(r2.value)];
    expect([b.buy, b.cancel, b.refund, b.adaptor, b.spend, b.view]).toEqual([a.buy, a.cancel, a.refund, a.adaptor, a.spend, a.view]);
    expect(a.buy).toMatch(/^0[23][0-9a-f]{64}$/);
    await second.stop();
  }, 120_000);

  it('a locked keyring yields a typed client-signer error, never keys', async () => {
    await svc.restartKeyring({ unlock: false });
    try {
      const s = await startSigner(2_000);
      const r = await sessionParams(s);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.kind).toBe('client-signer');
      expect(!r.ok && r.error.message).toMatch(/keychain-locked|timeout|keychain-unavailable/);
      await s.stop();
    } finally {
      await svc.restartKeyring({ unlock: true });
    }
  }, 120_000);
});
