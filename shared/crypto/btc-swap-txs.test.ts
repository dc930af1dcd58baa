// Bitcoin swap transactions offline: templates, fees, dust, aliasing, signatures with adaptor
// encryption, secret recovery from the witness, and refusal of every mismatching peer tx.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RawTx } from '@scure/btc-signer';
import { toHex } from '../hex';
import { swapFixture } from '../../rigs/crypto/btc-swap.fixture';
import { dustThreshold, feeForVsize, txVsize } from './btc-fee';
import { BTC_NETWORKS } from './btc-network';
import { cancelScript, lockScript, swapScriptKeys } from './btc-swap-scripts';
import {
  buildBuy,
  buildCancel,
  buildLock,
  buildPunish,
  buildRefund,
  finalizeLockSpend,
  finalizePunish,
  finalizeRefund,
  fundingAmount,
  outpointOf,
  serializeUnsigned,
  signSwapTx,
  swapSighash,
  witnessSignature,
  type UnsignedSwapTx,
} from './btc-swap-txs';
import { matchTemplate, validateBuy, validateCoreArbitratingSetup } from './btc-swap-validation';
import { adaptorDecrypt, adaptorEncrypt, adaptorRecover, adaptorVerify } from './ecdsa-adaptor';
import { adaptorSecretToMonero } from './swap-key-derivation';

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const FUND = { txid: 'aa'.repeat(32), vout: 1 };

function allTxs(f = swapFixture()) {
  const p = f.params;
  const lock = unwrap(buildLock(p, { ...FUND, amount: unwrap(fundingAmount(p)) }, f.bob.btc.fund.public));
  const cancel = unwrap(buildCancel(p, outpointOf(lock)));
  const refund = unwrap(buildRefund(p, outpointOf(cancel), cancel.output.amount));
  const buy = unwrap(buildBuy(p, outpointOf(lock)));
  const punish = unwrap(buildPunish(p, outpointOf(cancel), cancel.output.amount));
  return { f, p, lock, cancel, refund, buy, punish };
}

describe('swap scripts and templates', () => {
  it('scripts have the documented sizes and shapes', () => {
    const { p } = allTxs();
    expect(lockScript(p.keys).length).toBe(70);
    expect(cancelScript(p.keys, 10).length).toBe(111);
    expect(toHex(cancelScript(p.keys, 10)).slice(0, 4)).toBe('6321'); // OP_IF <33 bytes>
    expect(cancelScript(p.keys, 20).length).toBe(112); // 20 needs a one-byte push
  });

  it('every tx follows the template table (version, lockTime, nSequence, amounts, fee)', () => {
    const { p, lock, cancel, refund, buy, punish } = allTxs();
    expect(lock.input.sequence).toBe(0x80000000);
    expect(lock.output.amount).toBe(p.amount);
    expect(cancel.input.sequence).toBe(10);
    expect(buy.input.sequence).toBe(0);
    expect(refund.input.sequence).toBe(0);
    expect(punish.input.sequence).toBe(10);
    for (const t of [lock, cancel, refund, buy, punish]) {
      const raw = RawTx.decode(serializeUnsigned(t));
      expect([raw.version, raw.lockTime, raw.inputs.length, raw.outputs.length]).toEqual([2, 0, 1, 1]);
      expect(t.prevAmount - t.output.amount).toBe(t.fee);
      expect(t.fee).toBeGreaterThan(0n);
    }
    expect(cancel.input.txid).toBe(lock.txid);
    expect(refund.input.txid).toBe(cancel.txid);
    expect(cancel.output.amount).toBe(p.amount - cancel.fee);
  });

  it('fee equals ceil(rate x vsize / 1000) of the worst-case witness, and the signed tx is not bigger', () => {
    const { f, buy } = allTxs();
    const fee = buy.fee;
    const sigB = signSwapTx(buy, f.bob.btc.buy.secret);
    const sigA = signSwapTx(buy, f.alice.btc.buy.secret);
    const signed = unwrap(finalizeLockSpend(buy, f.params.keys, sigB, sigA));
    const vsize = txVsize(RawTx.decode(signed));
    expect(feeForVsize(2000n, vsize)).toBeLessThanOrEqual(fee);
    expect(fee - feeForVsize(2000n, vsize)).toBeLessThanOrEqual(2n); // at most a byte or two of slack
  });

  it('refuses dust outputs (litecoin dust relay is 10x Bitcoin) and bad parameters', () => {
    const f = swapFixture('litecoin-regtest', { amount: 3000n });
    expect(buildBuy(f.params, { txid: 'bb'.repeat(32), vout: 0 })).toMatchObject({ ok: false, error: { kind: 'template' } });
    const script = RawTx.decode(serializeUnsigned(allTxs().buy)).outputs[0]!.script;
    expect(dustThreshold(script, BTC_NETWORKS.mainnet)).toBe(294n);
    expect(dustThreshold(script, BTC_NETWORKS['litecoin-regtest'])).toBe(2940n);
    expect(buildBuy(swapFixture('litecoin-regtest', { cancelTimelock: 0 }).params, FUND).ok).toBe(false);
    expect(buildBuy(swapFixture('litecoin-regtest', { feeRateSatPerKvB: 10n }).params, FUND).ok).toBe(false);
    expect(buildBuy(swapFixture('litecoin-regtest', { aliceAddress: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4' }).params, FUND)).toMatchObject({ ok: false, error: { kind: 'bad-encoding' } });
  });

  it('lock requires the exact funding amount', () => {
    const { f, p } = allTxs();
    const need = unwrap(fundingAmount(p));
    expect(buildLock(p, { ...FUND, amount: need + 1n }, f.bob.btc.fund.public)).toMatchObject({ ok: false, error: { kind: 'template' } });
  });

  it('key aliasing is explicit: cancel keys must be the buy keys, punish the refund key', () => {
    const { f } = allTxs();
    const a = f.alice.btc;
    const b = f.bob.btc;
    const good = { buy: a.buy.public, cancel: a.buy.public, refund: a.refund.public, punish: a.refund.public };
    const bob = { buy: b.buy.public, cancel: b.buy.public, refund: b.refund.public };
    expect(swapScriptKeys(good, bob).ok).toBe(true);
    expect(swapScriptKeys({ ...good, cancel: a.refund.public }, bob)).toMatchObject({ ok: false, error: { kind: 'template' } });
    expect(swapScriptKeys(good, { ...bob, cancel: b.fund.public })).toMatchObject({ ok: false, error: { kind: 'template' } });
    expect(swapScriptKeys({ ...good, punish: a.fund.public }, bob)).toMatchObject({ ok: false, error: { kind: 'template' } });
    expect(swapScriptKeys({ ...good, buy: b.buy.public, cancel: b.buy.public }, bob)).toMatchObject({ ok: false, error: { kind: 'template' } });
  });
});

describe('signatures and secret recovery', () => {
  it('buy: Bob encrypts to Ta, Alice decrypts with ka, Bob recovers ka from witness item 0', () => {
    const { f, buy } = allTxs();
    const m = swapSighash(buy);
    const enc = unwrap(adaptorEncrypt(f.bob.btc.buy.secret, f.alice.adaptor.public, m));
    expect(unwrap(adaptorVerify(f.bob.btc.buy.public, f.alice.adaptor.public, m, enc))).toBe(true);
    const sigB = unwrap(adaptorDecrypt(enc, f.alice.adaptor.secret));
    const signed = unwrap(finalizeLockSpend(buy, f.params.keys, sigB, signSwapTx(buy, f.alice.btc.buy.secret)));
    const onChain = unwrap(witnessSignature(signed, 0));
    const ka = unwrap(adaptorRecover(f.alice.adaptor.public, enc, onChain));
    expect(toHex(unwrap(adaptorSecretToMonero(ka)))).toBe(toHex(f.alice.xmr.spend.secret));
  });

  it('refund: Alice encrypts to Tb, Bob decrypts with kb, Alice recovers kb from witness item 1', () => {
    const { f, refund } = allTxs();
    const m = swapSighash(refund);
    const enc = unwrap(adaptorEncrypt(f.alice.btc.refund.secret, f.bob.adaptor.public, m));
    const sigA = unwrap(adaptorDecrypt(enc, f.bob.adaptor.secret));
    const signed = unwrap(finalizeRefund(refund, f.params.keys, signSwapTx(refund, f.bob.btc.refund.secret), sigA));
    const kb = unwrap(adaptorRecover(f.bob.adaptor.public, enc, unwrap(witnessSignature(signed, 1))));
    expect(toHex(unwrap(adaptorSecretToMonero(kb)))).toBe(toHex(f.bob.xmr.spend.secret));
    const w = RawTx.decode(signed).witnesses![0]!;
    expect(w.length).toBe(4);
    expect(toHex(w[2]!)).toBe('01');
  });

  it('finalizers refuse a wrong or swapped signature', () => {
    const { f, buy, cancel, punish } = allTxs();
    const sa = signSwapTx(buy, f.alice.btc.buy.secret);
    const sb = signSwapTx(buy, f.bob.btc.buy.secret);
    expect(finalizeLockSpend(buy, f.params.keys, sa, sb)).toMatchObject({ ok: false, error: { kind: 'mismatch' } });
    expect(finalizeLockSpend(cancel, f.params.keys, sb, sa)).toMatchObject({ ok: false, error: { kind: 'mismatch' } }); // signed for buy
    expect(finalizePunish(punish, f.params.keys, signSwapTx(punish, f.bob.btc.refund.secret))).toMatchObject({ ok: false });
    const w = RawTx.decode(unwrap(finalizePunish(punish, f.params.keys, signSwapTx(punish, f.alice.btc.punish.secret)))).witnesses![0]!;
    expect(w.map((x) => x.length)).toEqual([w[0]!.length, 0, 111]);
  });
});

describe('validation of the counterparty transactions', () => {
  const mutate = (t: UnsignedSwapTx, f: (tx: ReturnType<typeof RawTx.decode>) => void): Uint8Array => {
    const tx = RawTx.decode(serializeUnsigned(t));
    f(tx);
    return RawTx.encode(tx);
  };

  it('accepts the honest CoreArbitratingSetup and buy', () => {
    const { p, lock, cancel, refund, buy } = allTxs();
    const v = unwrap(validateCoreArbitratingSetup(p, serializeUnsigned(lock), serializeUnsigned(cancel), serializeUnsigned(refund)));
    expect(v.cancel.txid).toBe(cancel.txid);
    expect(unwrap(validateBuy(p, outpointOf(lock), serializeUnsigned(buy))).txid).toBe(buy.txid);
  });

  it('refuses a fee off by any amount (property), naming the fee', () => {
    const { cancel } = allTxs();
    fc.assert(
      fc.property(fc.bigInt({ min: -5000n, max: 5000n }).filter((d) => d !== 0n), (d) => {
        const r = matchTemplate(mutate(cancel, (tx) => (tx.outputs[0]!.amount += d)), cancel);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toMatch(/fee/);
      }),
      { numRuns: 20 },
    );
  });

  it('refuses wrong sequence, lockTime, version, prevout, destination, extra output', () => {
    const { p, lock, cancel, refund, buy } = allTxs();
    const bad = [
      mutate(cancel, (tx) => (tx.inputs[0]!.sequence = 9)),
      mutate(cancel, (tx) => (tx.lockTime = 1)),
      mutate(cancel, (tx) => (tx.version = 1)),
      mutate(cancel, (tx) => (tx.inputs[0]!.index = 1)),
      mutate(cancel, (tx) => (tx.outputs[0]!.script = RawTx.decode(serializeUnsigned(buy)).outputs[0]!.script)),
      mutate(cancel, (tx) => tx.outputs.push({ amount: 1000n, script: tx.outputs[0]!.script })),
    ];
    for (const b of bad) expect(matchTemplate(b, cancel)).toMatchObject({ ok: false, error: { kind: 'template' } });
    expect(validateCoreArbitratingSetup(p, mutate(lock, (tx) => (tx.outputs[0]!.amount -= 1n)), serializeUnsigned(cancel), serializeUnsigned(refund)).ok).toBe(false);
    expect(validateCoreArbitratingSetup(p, serializeUnsigned(lock), serializeUnsigned(cancel), mutate(refund, (tx) => (tx.outputs[0]!.amount -= 1n))).ok).toBe(false);
    expect(validateBuy(p, outpointOf(lock), mutate(buy, (tx) => (tx.inputs[0]!.sequence = 1))).ok).toBe(false);
    expect(matchTemplate(new Uint8Array([1, 2, 3]), cancel)).toMatchObject({ ok: false, error: { kind: 'bad-encoding' } });
  });
});
