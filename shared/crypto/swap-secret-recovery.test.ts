// Recovery of the peer's spend share from published buy/refund witnesses, and the joint key check.
// Invariant checked: the right tx, signature and keys give the share; anything else is refused.
import { describe, expect, it } from 'vitest';
import { toHex } from '../hex';
import { swapFixture } from '../../rigs/crypto/btc-swap.fixture';
import { buildBuy, buildCancel, buildLock, buildRefund, finalizeLockSpend, finalizeRefund, fundingAmount, outpointOf, signSwapTx, swapSighash } from './btc-swap-txs';
import { adaptorDecrypt, adaptorEncrypt } from './ecdsa-adaptor';
import { jointKeys } from './monero-keys';
import { jointSpendSecret, recoverSpendShare } from './swap-secret-recovery';

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

function published() {
  const f = swapFixture('litecoin-regtest', {}, 11);
  const p = f.params;
  const lock = unwrap(buildLock(p, { txid: 'cc'.repeat(32), vout: 0, amount: unwrap(fundingAmount(p)) }, f.bob.btc.fund.public));
  const buy = unwrap(buildBuy(p, outpointOf(lock)));
  const encBuy = unwrap(adaptorEncrypt(f.bob.btc.buy.secret, f.alice.adaptor.public, swapSighash(buy)));
  const buyTx = unwrap(finalizeLockSpend(buy, p.keys, unwrap(adaptorDecrypt(encBuy, f.alice.adaptor.secret)), signSwapTx(buy, f.alice.btc.buy.secret)));
  const cancel = unwrap(buildCancel(p, outpointOf(lock)));
  const refund = unwrap(buildRefund(p, outpointOf(cancel), cancel.output.amount));
  const encRefund = unwrap(adaptorEncrypt(f.alice.btc.refund.secret, f.bob.adaptor.public, swapSighash(refund)));
  const refundTx = unwrap(finalizeRefund(refund, p.keys, signSwapTx(refund, f.bob.btc.refund.secret), unwrap(adaptorDecrypt(encRefund, f.bob.adaptor.secret))));
  const joint = unwrap(jointKeys(f.alice.xmr.spend.public, f.bob.xmr.spend.public, f.alice.xmr.view.secret, f.bob.xmr.view.secret));
  return { f, buyTx, encBuy, refundTx, encRefund, joint };
}

describe('secret recovery from published transactions', () => {
  it('buy gives Bob ka, refund gives Alice kb, and both open the joint spend key', () => {
    const { f, buyTx, encBuy, refundTx, encRefund, joint } = published();
    const ka = unwrap(recoverSpendShare('buy', buyTx, encBuy, f.alice.adaptor.public, f.alice.xmr.spend.public));
    expect(toHex(ka)).toBe(toHex(f.alice.xmr.spend.secret));
    const kb = unwrap(recoverSpendShare('refund', refundTx, encRefund, f.bob.adaptor.public, f.bob.xmr.spend.public));
    expect(toHex(kb)).toBe(toHex(f.bob.xmr.spend.secret));
    expect(jointSpendSecret(f.bob.xmr.spend.secret, ka, joint.spendPublic).ok).toBe(true);
    expect(jointSpendSecret(f.alice.xmr.spend.secret, kb, joint.spendPublic).ok).toBe(true);
  });

  it('refuses the wrong item/tx, the wrong encryption key and a share that does not open the key', () => {
    const { f, buyTx, encBuy, refundTx, encRefund, joint } = published();
    expect(recoverSpendShare('refund', buyTx, encBuy, f.alice.adaptor.public, f.alice.xmr.spend.public).ok).toBe(false);
    expect(recoverSpendShare('buy', refundTx, encRefund, f.bob.adaptor.public, f.bob.xmr.spend.public).ok).toBe(false);
    expect(recoverSpendShare('buy', buyTx, encBuy, f.bob.adaptor.public, f.alice.xmr.spend.public)).toMatchObject({ ok: false, error: { kind: 'mismatch' } });
    expect(recoverSpendShare('buy', buyTx, encBuy, f.alice.adaptor.public, f.bob.xmr.spend.public)).toMatchObject({ ok: false, error: { kind: 'mismatch' } });
    expect(jointSpendSecret(f.bob.xmr.spend.secret, f.bob.xmr.spend.secret, joint.spendPublic)).toMatchObject({ ok: false, error: { kind: 'mismatch' } });
    expect(recoverSpendShare('buy', new Uint8Array([1, 2]), encBuy, f.alice.adaptor.public, f.alice.xmr.spend.public)).toMatchObject({ ok: false, error: { kind: 'bad-encoding' } });
  });
});
