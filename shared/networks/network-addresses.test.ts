// Known answers per network: the same Monero keys under each Monero network's prefix, and the same
// Bitcoin key under each chain's HRP, as the wallet encodes them (monero-address.ts; the funding and
// payout path's scriptToAddress). Provenance of every vector: vectors/network-addresses.json `source`
// (a real monero-wallet-rpc, BIP173, a real litecoind, Bitcoin Core's key_io_valid.json).
import { OutScript } from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import { BTC_NETWORKS, type BtcNetworkName } from './bitcoin-chains';
import { MONERO_CHAINS, moneroAddressNetworkOf, type MoneroAddressNetwork } from './monero-chains';
import { moneroChainOf, SWAP_NETWORK_NAMES } from './swap-networks';
import { decodeMoneroAddress, encodeStandardAddress, moneroNetworkFor } from '../crypto/monero-address';
import { jointKeys, publicKeyOf } from '../crypto/monero-keys';
import { hash160, scriptToAddress } from '../crypto/btc-swap-txs';
import { decodeSegwitAddress } from '../crypto/segwit-address';
import { fromHex, toHex } from '../hex';
import v from './vectors/network-addresses.json';

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const NETS: MoneroAddressNetwork[] = ['mainnet', 'stagenet', 'testnet'];

describe('Monero: the same keys on each network (known answers from monero-wallet-rpc)', () => {
  it.each(NETS)('seed wallet on %s', (net) => {
    const spend = must(publicKeyOf(fromHex(v.seedWallet.spendKey)));
    const view = must(publicKeyOf(fromHex(v.seedWallet.viewKey)));
    expect(must(encodeStandardAddress(net, spend, view))).toBe(v.seedWallet.address[net]);
    expect(must(decodeMoneroAddress(v.seedWallet.address[net]))).toMatchObject({ network: net, kind: 'standard' });
  });

  it.each(NETS)('joint lock address of two shares on %s', (net) => {
    const s = v.jointLock.shares;
    const j = must(jointKeys(must(publicKeyOf(fromHex(s.aliceSpend))), must(publicKeyOf(fromHex(s.bobSpend))), fromHex(s.aliceView), fromHex(s.bobView)));
    expect(toHex(j.viewPrivate)).toBe(v.jointLock.jointViewKey);
    expect(toHex(j.spendPublic)).toBe(toHex(must(publicKeyOf(fromHex(v.jointLock.jointSpendKey)))));
    expect(must(encodeStandardAddress(net, j.spendPublic, j.viewPublic))).toBe(v.jointLock.address[net]);
  });

  it('each swap network encodes its lock on its Monero chain: regtest is mainnet-format, stagenet and signet are stagenet', () => {
    const want = { mainnet: 'mainnet', testnet: 'testnet', regtest: 'mainnet', stagenet: 'stagenet', signet: 'stagenet' } as const;
    for (const n of SWAP_NETWORK_NAMES) {
      expect(moneroNetworkFor(n), n).toBe(want[n]);
      expect(moneroAddressNetworkOf(moneroChainOf(n))).toBe(want[n]);
    }
    expect(MONERO_CHAINS.regtest.addressNetwork).toBe('mainnet');
  });
});

describe('Bitcoin: the same key on each chain', () => {
  const program = fromHex(v.bitcoin.sameKey.program);
  const G = fromHex('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');

  it('the program is hash160 of the generator key', () => expect(toHex(hash160(G))).toBe(v.bitcoin.sameKey.program));

  it.each(['mainnet', 'testnet', 'signet', 'litecoin-regtest'] as const)('%s (BIP173 / real litecoind)', (name) => {
    const script = OutScript.encode({ type: 'wpkh', hash: program });
    expect(scriptToAddress(script, BTC_NETWORKS[name])).toBe(v.bitcoin.sameKey[name]);
  });

  it('regtest: bcrt1 of the same key decodes to the same program under bcrt only', () => {
    const a = scriptToAddress(OutScript.encode({ type: 'wpkh', hash: program }), BTC_NETWORKS.regtest);
    expect(a.startsWith('bcrt1q')).toBe(true);
    expect(toHex(must(decodeSegwitAddress(a, 'bcrt')).program)).toBe(v.bitcoin.sameKey.program);
    expect(decodeSegwitAddress(a, 'tb').ok).toBe(false);
  });

  it.each(v.bitcoin.coreKeyIo)("Bitcoin Core key_io_valid: %s", (address, scriptHex, chain) => {
    expect(scriptToAddress(fromHex(scriptHex!), BTC_NETWORKS[chain as BtcNetworkName])).toBe(address);
  });
});
