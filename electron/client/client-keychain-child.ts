// Test support for the client's keychain itest: in a fresh process (with a private D-Bus and
// gnome-keyring in its environment) load or create the wallet seed through keytar, build a headless
// client, answer `session-params` for the swap named in argv, and print the public reveal as JSON.
// Prints only public data; the seed and every private key stay inside this process.
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import type { Deal } from '../../shared/protocol/deal';
import { createKeytarKeychain } from '../keychain/keytar-keychain';
import { loadOrCreateSeed } from '../signer/seed-store';
import { MemoryMemoStore } from './client-memo';
import { HeadlessClient } from './headless-client';

const deal = JSON.parse(process.argv[2] ?? '{}') as Deal;
const seed = await loadOrCreateSeed(createKeytarKeychain({ timeoutMs: 10_000 }));
if (!seed.ok) {
  console.log(JSON.stringify({ ok: false, kind: seed.error.kind }));
  process.exit(0);
}
const client = new HeadlessClient({
  seed: seed.value.seed,
  chain: { network: BTC_NETWORKS['litecoin-regtest'], feeRateSatPerKvB: 2000n },
  memo: new MemoryMemoStore(),
  wallet: {
    btcAddress: async () => 'rltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kvm3cdl',
    xmrDestination: async () => '',
    xmrHeight: async () => 100,
    fundingVout: async () => ({ ok: false, error: { kind: 'none', message: 'none' } }),
  },
});
await client.register(deal);
const r = await client.handle(deal.swapId, { kind: 'session-params' });
if (!r.ok || !r.value || (r.value.kind !== 'bob-session-params' && r.value.kind !== 'alice-session-params')) {
  console.log(JSON.stringify({ ok: false, kind: r.ok ? 'no-datum' : r.error.kind }));
  process.exit(0);
}
const { reveal } = r.value;
console.log(JSON.stringify({ ok: true, created: seed.value.created, fingerprint: seed.value.fingerprint, buy: reveal.buy, adaptor: reveal.adaptor, spend: reveal.spend, datum: r.value }));
