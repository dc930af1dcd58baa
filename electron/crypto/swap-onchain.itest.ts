// The swap's cryptography on real regtest nodes: litecoind (Bitcoin stand-in) runs our lock, buy,
// cancel, refund and punish; monerod runs the joint XMR lock and the sweep with the recovered secret.
// Invariant checked: timelocks bind (non-BIP68-final before, accepted after), and the secret read
// from a published buy (ka) or refund (kb) opens the joint Monero wallet (s·B == S checked first).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hex } from '@scure/base';
import { p2wpkh } from '@scure/btc-signer';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type FundedWallet, type WalletRpc, type XmrRegtest } from '../regtest/index';
import { swapFixture, type SwapFixture } from '../../rigs/crypto/btc-swap.fixture';
import {
  buildCancel,
  buildLock,
  buildPunish,
  buildRefund,
  buildBuy,
  finalizeLock,
  finalizeLockSpend,
  finalizePunish,
  finalizeRefund,
  fundingAmount,
  outpointOf,
  signSwapTx,
  swapSighash,
  type UnsignedSwapTx,
} from '../../shared/crypto/btc-swap-txs';
import { adaptorDecrypt, adaptorEncrypt, adaptorVerify } from '../../shared/crypto/ecdsa-adaptor';
import { checkKeyPair, jointKeys, publicKeyOf } from '../../shared/crypto/monero-keys';
import { jointSpendSecret, recoverSpendShare } from '../../shared/crypto/swap-secret-recovery';
import { encodeStandardAddress, moneroNetworkFor } from '../../shared/crypto/monero-address';

const missing = ['litecoind', 'monerod', 'monero-wallet-rpc'].filter((b) => {
  try {
    execFileSync('which', [b], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
if (missing.length > 0) console.log(`[swap-onchain] SKIPPED: binaries not installed: ${missing.join(', ')}`);

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { kind: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value;
};
const XMR_LOCKED = 1_000_000_000_000n; // 1 XMR

describe.skipIf(missing.length > 0)('swap transactions and secret recovery on regtest nodes', () => {
  let btc: BtcRegtest;
  let xmr: XmrRegtest;
  let alicesXmrWallet: FundedWallet;
  let sweeper: WalletRpc;

  beforeAll(async () => {
    [btc, xmr] = await Promise.all([startBtcRegtest(), startXmrRegtest()]);
    [alicesXmrWallet, sweeper] = await Promise.all([xmr.fundedWallet(5n * XMR_LOCKED), xmr.startWalletRpc()]);
  });
  afterAll(async () => {
    await Promise.allSettled([alicesXmrWallet?.wallet.stop(), sweeper?.stop()]);
    await Promise.allSettled([btc?.stop(), xmr?.stop()]);
  });

  const hexOf = (b: Uint8Array): string => hex.encode(b);
  const mempoolAccept = async (raw: Uint8Array): Promise<{ allowed: boolean; reason?: string }> => {
    const [r] = await btc.rpc<{ allowed: boolean; 'reject-reason'?: string }[]>('testmempoolaccept', [[hexOf(raw)]]);
    return { allowed: r!.allowed, ...(r!['reject-reason'] ? { reason: r!['reject-reason'] } : {}) };
  };
  const confirmations = async (txid: string): Promise<number> => (await btc.rpc<{ confirmations?: number }>('getrawtransaction', [txid, true])).confirmations ?? 0;

  /** Bob pays the funding address (P2WPKH of Bf) and publishes the signed lock; returns it mined. */
  async function fundAndLock(f: SwapFixture): Promise<UnsignedSwapTx> {
    const net = f.params.network;
    const addr = p2wpkh(f.bob.btc.fund.public, net).address!;
    const amount = unwrap(fundingAmount(f.params));
    const txid = await btc.sendTo(addr, amount);
    const tx = await btc.rpc<{ vout: { n: number; value: number; scriptPubKey: { address?: string; addresses?: string[] } }[] }>('getrawtransaction', [txid, true]);
    const vout = tx.vout.find((o) => o.scriptPubKey.address === addr || o.scriptPubKey.addresses?.includes(addr))!.n;
    const lock = unwrap(buildLock(f.params, { txid, vout, amount }, f.bob.btc.fund.public));
    const signed = unwrap(finalizeLock(lock, signSwapTx(lock, f.bob.btc.fund.secret), f.bob.btc.fund.public));
    expect(await btc.rpc<string>('sendrawtransaction', [hexOf(signed)])).toBe(lock.txid);
    await btc.mine(1);
    expect(await confirmations(lock.txid)).toBe(1);
    return lock;
  }

  /** Alice locks XMR to the joint address of this swap; returns the address and restore height. */
  async function lockXmr(f: SwapFixture): Promise<{ address: string; viewKey: Uint8Array; restoreHeight: number }> {
    const joint = unwrap(jointKeys(f.alice.xmr.spend.public, f.bob.xmr.spend.public, f.alice.xmr.view.secret, f.bob.xmr.view.secret));
    const address = unwrap(encodeStandardAddress(moneroNetworkFor('regtest'), joint.spendPublic, joint.viewPublic));
    const restoreHeight = (await xmr.height()) - 1;
    await alicesXmrWallet.wallet.rpc('refresh', {});
    const sent = await alicesXmrWallet.wallet.rpc<{ tx_hash: string }>('transfer', { destinations: [{ amount: Number(XMR_LOCKED), address }], ring_size: 16 });
    expect(sent.tx_hash).toMatch(/^[0-9a-f]{64}$/);
    await xmr.mine(10); // CRYPTONOTE_DEFAULT_TX_SPENDABLE_AGE
    return { address, viewKey: joint.viewPrivate, restoreHeight };
  }

  /** The winner opens the joint wallet with ka + kb (after checking s·B == S) and sweeps it. */
  async function sweepJoint(lock: { address: string; viewKey: Uint8Array; restoreHeight: number }, spendSecret: Uint8Array, spendPublic: Uint8Array, name: string): Promise<void> {
    expect(checkKeyPair(spendSecret, spendPublic)).toEqual({ ok: true, value: undefined });
    try {
      await sweeper.rpc('close_wallet', {});
    } catch {
      // no wallet open yet
    }
    await sweeper.rpc('generate_from_keys', {
      filename: name,
      address: lock.address,
      spendkey: hexOf(spendSecret),
      viewkey: hexOf(lock.viewKey),
      password: '',
      restore_height: lock.restoreHeight,
    });
    let unlocked = 0;
    for (let i = 0; i < 15 && unlocked < Number(XMR_LOCKED); i++) {
      await sweeper.rpc('refresh', { start_height: lock.restoreHeight });
      unlocked = (await sweeper.rpc<{ unlocked_balance: number }>('get_balance', { account_index: 0 })).unlocked_balance;
      if (unlocked < Number(XMR_LOCKED)) await xmr.mine(1);
    }
    expect(unlocked).toBe(Number(XMR_LOCKED));
    const dest = unwrap(encodeStandardAddress(moneroNetworkFor('regtest'), unwrap(publicKeyOf(new Uint8Array(32).fill(5))), unwrap(publicKeyOf(new Uint8Array(32).fill(6)))));
    const swept = await sweeper.rpc<{ tx_hash_list: string[] }>('sweep_all', { address: dest, account_index: 0, unlock_time: 0 });
    expect(swept.tx_hash_list.length).toBeGreaterThan(0);
    await xmr.mine(1);
    const txs = await xmr.daemonPost<{ txs: { in_pool: boolean; block_height: number }[] }>('/get_transactions', { txs_hashes: swept.tx_hash_list });
    expect(txs.txs.every((t) => !t.in_pool && t.block_height > 0)).toBe(true);
    await sweeper.rpc('refresh', {});
    expect((await sweeper.rpc<{ balance: number }>('get_balance', { account_index: 0 })).balance).toBe(0);
  }

  it('happy path: lock mined, buy with the decrypted adaptor signature accepted, ka recovered sweeps the XMR', async () => {
    const f = swapFixture('litecoin-regtest', { cancelTimelock: 10, punishTimelock: 20 }, 1);
    const xmrLock = await lockXmr(f);
    const lock = await fundAndLock(f);
    const buy = unwrap(buildBuy(f.params, outpointOf(lock)));
    const m = swapSighash(buy);
    // Bob: Bb signature encrypted to Ta; Alice checks it against Bb and Ta before anything else.
    const enc = unwrap(adaptorEncrypt(f.bob.btc.buy.secret, f.alice.adaptor.public, m));
    expect(unwrap(adaptorVerify(f.bob.btc.buy.public, f.alice.adaptor.public, m, enc))).toBe(true);
    const signed = unwrap(finalizeLockSpend(buy, f.params.keys, unwrap(adaptorDecrypt(enc, f.alice.adaptor.secret)), signSwapTx(buy, f.alice.btc.buy.secret)));
    expect(await mempoolAccept(signed)).toEqual({ allowed: true });
    await btc.rpc('sendrawtransaction', [hexOf(signed)]);
    await btc.mine(1);
    expect(await confirmations(buy.txid)).toBe(1);
    // Bob reads the published buy from the chain, not from Alice.
    const published = hex.decode(await btc.rpc<string>('getrawtransaction', [buy.txid, false]));
    const ka = unwrap(recoverSpendShare('buy', published, enc, f.alice.adaptor.public, f.alice.xmr.spend.public));
    expect(hexOf(ka)).toBe(hexOf(f.alice.xmr.spend.secret));
    const joint = unwrap(jointKeys(f.alice.xmr.spend.public, f.bob.xmr.spend.public, f.alice.xmr.view.secret, f.bob.xmr.view.secret));
    const ks = unwrap(jointSpendSecret(f.bob.xmr.spend.secret, ka, joint.spendPublic));
    await sweepJoint(xmrLock, ks, joint.spendPublic, 'bob-sweep');
  });

  it('refund path: cancel non-BIP68-final at 9 confs, accepted at 10; refund reveals kb; Alice sweeps', async () => {
    const f = swapFixture('litecoin-regtest', { cancelTimelock: 10, punishTimelock: 20 }, 2);
    const xmrLock = await lockXmr(f);
    const lock = await fundAndLock(f);
    const cancel = unwrap(buildCancel(f.params, outpointOf(lock)));
    const signedCancel = unwrap(finalizeLockSpend(cancel, f.params.keys, signSwapTx(cancel, f.bob.btc.cancel.secret), signSwapTx(cancel, f.alice.btc.cancel.secret)));
    await btc.mine(8); // lock has 9 confirmations
    expect(await confirmations(lock.txid)).toBe(9);
    const early = await mempoolAccept(signedCancel);
    expect(early.allowed).toBe(false);
    expect(early.reason).toBe('non-BIP68-final');
    await btc.mine(1); // 10 confirmations: cancel is final
    expect(await mempoolAccept(signedCancel)).toEqual({ allowed: true });
    await btc.rpc('sendrawtransaction', [hexOf(signedCancel)]);
    await btc.mine(1);

    const refund = unwrap(buildRefund(f.params, outpointOf(cancel), cancel.output.amount));
    const m = swapSighash(refund);
    // Alice: Ar signature encrypted to Tb (sent in RefundProcedureSignatures before Bob locks).
    const enc = unwrap(adaptorEncrypt(f.alice.btc.refund.secret, f.bob.adaptor.public, m));
    expect(unwrap(adaptorVerify(f.alice.btc.refund.public, f.bob.adaptor.public, m, enc))).toBe(true);
    const signedRefund = unwrap(finalizeRefund(refund, f.params.keys, signSwapTx(refund, f.bob.btc.refund.secret), unwrap(adaptorDecrypt(enc, f.bob.adaptor.secret))));
    expect(await mempoolAccept(signedRefund)).toEqual({ allowed: true });
    await btc.rpc('sendrawtransaction', [hexOf(signedRefund)]);
    await btc.mine(1);
    expect(await confirmations(refund.txid)).toBe(1);

    const published = hex.decode(await btc.rpc<string>('getrawtransaction', [refund.txid, false]));
    const kb = unwrap(recoverSpendShare('refund', published, enc, f.bob.adaptor.public, f.bob.xmr.spend.public));
    expect(hexOf(kb)).toBe(hexOf(f.bob.xmr.spend.secret));
    const joint = unwrap(jointKeys(f.alice.xmr.spend.public, f.bob.xmr.spend.public, f.alice.xmr.view.secret, f.bob.xmr.view.secret));
    const ks = unwrap(jointSpendSecret(f.alice.xmr.spend.secret, kb, joint.spendPublic));
    await sweepJoint(xmrLock, ks, joint.spendPublic, 'alice-sweep');
  });

  it('punish path: punish non-BIP68-final at 19 cancel confs, accepted at 20', async () => {
    const f = swapFixture('litecoin-regtest', { cancelTimelock: 10, punishTimelock: 20 }, 3);
    const lock = await fundAndLock(f);
    const cancel = unwrap(buildCancel(f.params, outpointOf(lock)));
    const signedCancel = unwrap(finalizeLockSpend(cancel, f.params.keys, signSwapTx(cancel, f.bob.btc.cancel.secret), signSwapTx(cancel, f.alice.btc.cancel.secret)));
    await btc.mine(9);
    await btc.rpc('sendrawtransaction', [hexOf(signedCancel)]);
    await btc.mine(1);
    const punish = unwrap(buildPunish(f.params, outpointOf(cancel), cancel.output.amount));
    const signedPunish = unwrap(finalizePunish(punish, f.params.keys, signSwapTx(punish, f.alice.btc.punish.secret)));
    await btc.mine(18);
    expect(await confirmations(cancel.txid)).toBe(19);
    const early = await mempoolAccept(signedPunish);
    expect(early).toEqual({ allowed: false, reason: 'non-BIP68-final' });
    await btc.mine(1);
    expect(await mempoolAccept(signedPunish)).toEqual({ allowed: true });
    await btc.rpc('sendrawtransaction', [hexOf(signedPunish)]);
    await btc.mine(1);
    expect(await confirmations(punish.txid)).toBe(1);
    // Alice's payout output is where the deal says, minus cancel and punish fees.
    const out = await btc.rpc<{ vout: { value: number; scriptPubKey: { address?: string; addresses?: string[] } }[] }>('getrawtransaction', [punish.txid, true]);
    expect(out.vout.length).toBe(1);
    const spk = out.vout[0]!.scriptPubKey;
    expect(spk.address ?? spk.addresses?.[0]).toBe(f.params.aliceAddress);
    expect(BigInt(Math.round(out.vout[0]!.value * 1e8))).toBe(f.params.amount - cancel.fee - punish.fee);
  });
});
