// Writes shared/crypto/vectors/monero-scan-regtest.json: real regtest transactions made by
// monero-wallet-rpc, as monerod's /get_transactions (decode_as_json) returns them (as_json and as_hex), with the view
// keys and spend public keys of the wallets involved and what each wallet itself says it received
// (incoming_transfers, matched to the output by its one-time key). The output-scan unit test must
// find exactly these outputs and amounts. Run once by hand (about a minute on this machine):
//   npx tsx rigs/crypto/monero-scan-fixture.ts [out.json]
// Covered: a payment to a standard address with change, to one subaddress (tx key r·D, no additional
// keys), to a standard address and two subaddresses at once (additional keys, tag 0x04), and a
// coinbase paid to the standard address (RingCT type 0, clear amount).
import { writeFileSync } from 'node:fs';
import { startXmrRegtest, type WalletRpc } from '../../electron/regtest/xmr-regtest';
import { decodeMoneroAddress } from '../../shared/crypto/monero-address';
import { toHex } from '../../shared/hex';

const OUT = process.argv[2] ?? 'shared/crypto/vectors/monero-scan-regtest.json';

interface Incoming {
  readonly amount: number;
  readonly pubkey: string;
  readonly tx_hash: string;
  readonly subaddr_index: { readonly major: number; readonly minor: number };
}

const spendPublicOf = (address: string): string => {
  const d = decodeMoneroAddress(address);
  if (!d.ok) throw new Error(`decode ${address}: ${d.error.message}`);
  return toHex(d.value.publicSpend);
};

async function incoming(w: WalletRpc): Promise<Incoming[]> {
  await w.rpc('refresh');
  const r = await w.rpc<{ transfers?: Incoming[] }>('incoming_transfers', { transfer_type: 'all', account_index: 0 });
  return r.transfers ?? [];
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const xmr = await startXmrRegtest();
  try {
    const sender = await xmr.fundedWallet(50_000_000_000_000n);
    const receiver = await xmr.startWalletRpc();
    await receiver.rpc('create_wallet', { filename: 'receiver', password: '', language: 'English' });
    const std = (await receiver.rpc<{ address: string }>('get_address', { account_index: 0 })).address;
    const sub1 = (await receiver.rpc<{ address: string }>('create_address', { account_index: 0 })).address;
    const sub2 = (await receiver.rpc<{ address: string }>('create_address', { account_index: 0 })).address;
    const viewOf = async (w: WalletRpc) => (await w.rpc<{ key: string }>('query_key', { key_type: 'view_key' })).key;
    const receiverView = await viewOf(receiver);
    const senderView = await viewOf(sender.wallet);
    const keysets: Record<string, { viewSecret: string; spendPublic: string; address: string }> = {
      receiver: { viewSecret: receiverView, spendPublic: spendPublicOf(std), address: std },
      'receiver-sub-1': { viewSecret: receiverView, spendPublic: spendPublicOf(sub1), address: sub1 },
      'receiver-sub-2': { viewSecret: receiverView, spendPublic: spendPublicOf(sub2), address: sub2 },
      sender: { viewSecret: senderView, spendPublic: spendPublicOf(sender.address), address: sender.address },
    };
    const receiverKeyset = (minor: number) => (minor === 0 ? 'receiver' : `receiver-sub-${minor}`);

    const send = async (what: string, destinations: { amount: number; address: string }[]) => {
      const r = await sender.wallet.rpc<{ tx_hash: string }>('transfer', { destinations, ring_size: 16 });
      await xmr.mine(10); // the change unlocks for the next transfer
      await sender.wallet.rpc('refresh');
      return { what, txid: r.tx_hash };
    };
    const made = [
      await send('standard address, with change', [{ amount: 1_234_000_000_000, address: std }]),
      await send('one subaddress (tx key r·D), with change', [{ amount: 777_000_000_000, address: sub1 }]),
      await send('standard + two subaddresses (additional keys), with change', [
        { amount: 500_000_000_000, address: std },
        { amount: 250_000_000_000, address: sub1 },
        { amount: 125_000_000_000, address: sub2 },
      ]),
    ];
    const top = await xmr.mine(1, std);
    const block = await xmr.daemonRpc<{ miner_tx_hash: string }>('get_block', { height: top });
    made.push({ what: 'coinbase to the standard address (RingCT type 0)', txid: block.miner_tx_hash });

    const got = await xmr.daemonPost<{ txs?: { tx_hash: string; as_json: string; as_hex: string; pruned_as_hex?: string; prunable_as_hex?: string }[]; missed_tx?: string[] }>('/get_transactions', {
      txs_hashes: made.map((m) => m.txid),
      decode_as_json: true,
    });
    if ((got.txs ?? []).length !== made.length) throw new Error(`get_transactions: ${got.txs?.length ?? 0} of ${made.length} (missed ${JSON.stringify(got.missed_tx)})`);
    const [receiverIn, senderIn] = await Promise.all([incoming(receiver), incoming(sender.wallet)]);

    const txs = made.map((m) => {
      const tx = got.txs!.find((t) => t.tx_hash === m.txid)!;
      const vout = (JSON.parse(tx.as_json) as { vout: { target: { key?: string; tagged_key?: { key: string } } }[] }).vout;
      const indexOf = (pubkey: string) => {
        const i = vout.findIndex((o) => (o.target.tagged_key?.key ?? o.target.key) === pubkey);
        if (i < 0) throw new Error(`${m.txid}: wallet output ${pubkey} is not in the tx`);
        return i;
      };
      const owned: Record<string, { index: number; amount: string }[]> = Object.fromEntries(Object.keys(keysets).map((k) => [k, []]));
      for (const t of receiverIn.filter((t) => t.tx_hash === m.txid)) owned[receiverKeyset(t.subaddr_index.minor)]!.push({ index: indexOf(t.pubkey), amount: String(t.amount) });
      for (const t of senderIn.filter((t) => t.tx_hash === m.txid)) owned.sender!.push({ index: indexOf(t.pubkey), amount: String(t.amount) });
      for (const list of Object.values(owned)) list.sort((a, b) => a.index - b.index);
      // This monerod answers a coinbase in the split form (pruned_as_hex, prunable_as_hex empty), as_hex empty.
      const asHex = tx.as_hex !== '' ? tx.as_hex : `${tx.pruned_as_hex ?? ''}${tx.prunable_as_hex ?? ''}`;
      return { what: m.what, txid: m.txid, asJson: tx.as_json, asHex, owned };
    });
    const doc = {
      source:
        'rigs/crypto/monero-scan-fixture.ts on the project regtest (monerod --regtest + monero-wallet-rpc): transactions from /get_transactions decode_as_json (as_json, as_hex); owned = the wallets\' own incoming_transfers (amount in piconero), output index found by the one-time key',
      keysets,
      txs,
    };
    writeFileSync(OUT, `${JSON.stringify(doc, null, 1)}\n`);
    console.log(`wrote ${OUT}: ${txs.length} transactions, ${txs.reduce((n, t) => n + Object.values(t.owned).flat().length, 0)} owned outputs, ${Math.round(performance.now() - t0)} ms`);
  } finally {
    await xmr.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
