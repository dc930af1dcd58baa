// The Bitcoin wallet side of the client on a node as a person runs it: litecoind without -txindex, cookie auth only.
// Invariant under test: the funding output is found both while the funding waits in the mempool and once it is mined
// (getrawtransaction cannot read a mined tx there; the UTXO set can), and the cookie is the login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBtcRegtest, type BtcRegtest } from '../regtest';
import { btcWalletPayer } from './btc-wallet-payer';

let btc: BtcRegtest;
beforeAll(async () => {
  btc = await startBtcRegtest({ txindex: false, cookieAuth: true });
}, 120_000);
afterAll(async () => {
  await btc?.stop();
});

describe('btcWalletPayer on a node without -txindex, cookie auth', () => {
  it('finds the funding vout in the mempool and after it is mined', async () => {
    const payer = btcWalletPayer({ url: btc.rpcUrl, user: '', password: '', cookieFile: btc.rpcCookieFile!, wallet: btc.walletName });
    const address = await btc.newAddress();
    const txid = await btc.sendTo(address, 1_234_567);
    const expected = (await btc.rpc<{ details: { address: string; vout: number; category: string }[] }>('gettransaction', [txid])).details.find((d) => d.address === address && d.category === 'receive')!.vout;
    expect(await payer.fundingVout(txid, address)).toEqual({ ok: true, value: expected });
    await btc.mine(1);
    expect(await btc.rpc('getindexinfo')).toEqual({});
    // The node cannot read the mined tx by its id any more: the vout comes from the UTXO set.
    await expect(btc.rpc('getrawtransaction', [txid, true])).rejects.toThrow(/No such mempool transaction/);
    expect(await payer.fundingVout(txid, address)).toEqual({ ok: true, value: expected });
    const other = await btc.newAddress();
    const miss = await payer.fundingVout(txid, other);
    expect(miss.ok).toBe(false);
    if (!miss.ok) expect(miss.error.message).toContain(`no unspent output of ${txid} pays ${other}`);
  }, 60_000);
});
