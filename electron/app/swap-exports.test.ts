// The swap exports over a real-crypto swap: two headless clients (in-process signers with known seeds)
// answer every datum request, and both transcripts are made of those real datums, requests and peer
// messages. The support export must hold none of the secrets the test knows (seeds and their words,
// every derived key of both roles, adaptor secrets, the joint keys, adaptor and plain signatures, in
// hex, reversed hex, decimal and base58), and keep the txids and addresses; the recovery export gives
// the signed transactions each role may broadcast and the Monero keys once owned. Then the offline
// path on a real data dir: transcript and log files read, another swap's lines left out, and a data dir
// whose writer lock is held refused.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { base58, base58xmr } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { seedToMnemonic } from '../../shared/crypto/seed-mnemonic';
import { deriveSwapKeys } from '../../shared/crypto/swap-key-derivation';
import { fromHex, toHex } from '../../shared/hex';
import type { SwapId, TaskId, Txid } from '../../shared/ids';
import type { ClientDatum, DatumRequest } from '../../shared/protocol/datum';
import type { PeerMessage, RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import { parseEntry, type EntryBody, type TranscriptEntry } from '../../shared/protocol/transcript';
import { parseSwapState, swapDecider } from '../../shared/protocol/swap-decider';
import type { SwapState } from '../../shared/protocol/state';
import { ok } from '../../shared/result';
import { answer, as, client, deal, SWAP } from '../../rigs/client/headless-client.helpers';
import { fakeXmrAddress } from '../../rigs/protocol/synthetic';
import { StoreTranscript } from '../daemon/store-transcript';
import { acquireWriterLock } from '../store/writer-lock';
import { readSwapTranscript, recoveryFile, supportFile, withOfflineStore, type SwapTranscript } from './swap-exports';

const SEEDS = { alice: new Uint8Array(32).fill(7), bob: new Uint8Array(32).fill(8) };
const cause = { by: 'test', last: true };

/** Both parties' real datums for one swap, and every secret behind them. */
async function realSwap() {
  const alice = client(7);
  const bob = client(8);
  await alice.register(deal('alice'));
  await bob.register(deal('bob'));
  const ap = as(await answer(alice, { kind: 'session-params' }), 'alice-session-params');
  const bp = as(await answer(bob, { kind: 'session-params' }), 'bob-session-params');
  await answer(alice, { kind: 'peer-params', reveal: bp.reveal as RevealBob });
  await answer(bob, { kind: 'peer-params', reveal: ap.reveal as RevealAlice });
  const fundingTxid = 'cd'.repeat(32) as Txid;
  const setup = as(await answer(bob, { kind: 'core-arbitrating-transactions', fundingTxid, amount: bp.funding.amount }), 'core-arbitrating-transactions');
  const setupMsg = { type: 'core-arbitrating-setup' as const, swapId: SWAP, lock: setup.lock.hex, cancel: setup.cancel.hex, refund: setup.refund.hex, cancelSig: setup.cancelSig };
  const rp = as(await answer(alice, { kind: 'sign-refund-procedure', setup: setupMsg }), 'refund-procedure');
  const refundSigs = { type: 'refund-procedure-signatures' as const, swapId: SWAP, cancelSig: rp.cancelSig, refundAdaptorSig: rp.refundAdaptorSig };
  const lock = as(await answer(bob, { kind: 'sign-arbitrating-lock', refundSigs }), 'signed-arbitrating-lock');
  const buySig = { type: 'buy-procedure-signature' as const, swapId: SWAP, buy: lock.buy.hex, buyAdaptorSig: lock.buyAdaptorSig };
  const buy = as(await answer(alice, { kind: 'sign-buy', buySig }), 'fully-signed-buy');
  // the helpers' wallets answer 'dest' for the person's XMR address: a real-looking one here
  const bobSweep = { ...as(await answer(bob, { kind: 'recover-accordant', from: 'buy', txHex: buy.buySigned.hex }), 'accordant-sweep'), destination: fakeXmrAddress(91) };
  const aliceSweep = { ...as(await answer(alice, { kind: 'recover-accordant', from: 'refund', txHex: lock.refundSigned.hex }), 'accordant-sweep'), destination: fakeXmrAddress(90) };

  const secrets: Uint8Array[] = [];
  for (const role of ['alice', 'bob'] as const) {
    const seed = SEEDS[role];
    secrets.push(seed);
    const k = deriveSwapKeys(seed, fromHex(SWAP), role);
    if (!k.ok) throw new Error(k.error.message);
    const b = k.value.btc;
    secrets.push(b.fund.secret, b.buy.secret, b.refund.secret, k.value.xmr.spend.secret, k.value.xmr.view.secret, k.value.adaptor.secret);
  }
  for (const s of [bobSweep.spendKey, bobSweep.viewKey, aliceSweep.spendKey, rp.xmr.viewKey, rp.cancelSig, rp.refundAdaptorSig, setup.cancelSig, lock.buyAdaptorSig, ap.reveal.view, bp.reveal.view]) secrets.push(fromHex(s));
  const words = [seedToMnemonic(SEEDS.alice), seedToMnemonic(SEEDS.bob)];
  return { ap, bp, setup, setupMsg, rp, refundSigs, lock, buySig, buy, bobSweep, aliceSweep, fundingTxid, secrets, words };
}
type Real = Awaited<ReturnType<typeof realSwap>>;
let once: Promise<Real> | null = null;
/** One real run serves every test (the DLEQ proofs take seconds). */
const real = () => (once ??= realSwap());

/** Every way a secret may be written: hex both cases, byte-reversed hex, decimal (both endians), base58 (Bitcoin's and Monero's). */
function spellings(b: Uint8Array): string[] {
  const h = toHex(b);
  const r = toHex(b.slice().reverse());
  return [h, h.toUpperCase(), r, BigInt(`0x${h}`).toString(10), BigInt(`0x${r}`).toString(10), base58.encode(b), base58xmr.encode(b)];
}

const e = (seq: number, body: EntryBody): TranscriptEntry => {
  const p = parseEntry({ ...body, swapId: SWAP, seq, ts: 1_700_000_000_000 + seq });
  if (!p.ok) throw new Error(`${body.kind}: ${p.error.message}`);
  return p.value;
};
const req = (request: DatumRequest): EntryBody => ({ kind: 'client-request', dir: 'out', request, cause });
const datum = (d: ClientDatum): EntryBody => ({ kind: 'client-datum', dir: 'in', datum: d });
const out = (msg: PeerMessage): EntryBody => ({ kind: 'peer-out', dir: 'out', msg, cause });
const inn = (msg: PeerMessage): EntryBody => ({ kind: 'peer-in', dir: 'in', msg });
const confs = (name: string, txid: string, c: number | null, txHex: string | null = null): EntryBody => ({
  kind: 'btc-event',
  dir: 'in',
  event: { kind: 'tx-confirmations', taskId: `${SWAP}:btc:tx:${name}` as TaskId, txid: txid as Txid, confirmations: c, blockHash: c ? 'ee'.repeat(32) : null, txHex },
});

function bobTranscript(x: Real, lockConfs: number, withSweep = true): TranscriptEntry[] {
  const d = deal('bob');
  const bodies: EntryBody[] = [
    { kind: 'control', dir: 'in', control: { kind: 'start' } },
    req({ kind: 'session-params' }),
    datum(x.bp),
    out(x.bp.commit),
    inn(x.ap.commit),
    out(x.bp.reveal),
    inn(x.ap.reveal),
    req({ kind: 'peer-params', reveal: x.ap.reveal }),
    req({ kind: 'fund', address: x.bp.funding.address, amount: x.bp.funding.amount }),
    req({ kind: 'core-arbitrating-transactions', fundingTxid: x.fundingTxid, amount: x.bp.funding.amount }),
    datum(x.setup),
    out(x.setupMsg),
    inn(x.refundSigs),
    req({ kind: 'sign-arbitrating-lock', refundSigs: x.refundSigs }),
    datum(x.lock),
    { kind: 'btc-task', dir: 'out', task: { kind: 'broadcast', id: `${SWAP}:btc:broadcast:lock` as TaskId, txHex: x.lock.lockSigned.hex }, cause },
    confs('lock', x.lock.lockSigned.txid, lockConfs),
    { kind: 'xmr-task', dir: 'out', task: { kind: 'watch-address', id: `${SWAP}:xmr:addr:lock` as TaskId, address: x.lock.xmr.address, viewKey: x.lock.xmr.viewKey, fromHeight: 5 }, cause },
    out(x.buySig),
    // a peer that pastes a secret in free text, and a verdict quoting it: scrubbed
    inn({ type: 'abort', swapId: SWAP, errorBody: `no: ${x.bobSweep.spendKey} ${x.lock.lockSigned.txid}` }),
    { kind: 'peer-verdict', dir: 'in', verdict: { kind: 'peer-invalid', msgType: 'abort', reason: `bad ${x.rp.cancelSig}` } },
  ];
  if (withSweep)
    bodies.push(
      confs('buy', x.buy.buySigned.txid, 1, x.buy.buySigned.hex),
      req({ kind: 'recover-accordant', from: 'buy', txHex: x.buy.buySigned.hex }),
      datum(x.bobSweep),
      { kind: 'xmr-task', dir: 'out', task: { kind: 'sweep', id: `${SWAP}:xmr:sweep:lock` as TaskId, address: x.bobSweep.address, spendKey: x.bobSweep.spendKey, viewKey: x.bobSweep.viewKey, destination: x.bobSweep.destination, fromHeight: 5, minAmount: d.xmrAmount }, cause },
    );
  return bodies.map((b, i) => e(i, b));
}

function aliceTranscript(x: Real, cancelConfs: number | null): TranscriptEntry[] {
  const bodies: EntryBody[] = [
    { kind: 'control', dir: 'in', control: { kind: 'start' } },
    datum(x.ap),
    inn(x.bp.reveal),
    req({ kind: 'sign-refund-procedure', setup: x.setupMsg }),
    datum(x.rp),
    out(x.refundSigs),
    confs('lock', x.rp.lockTxid, 30),
    req({ kind: 'lock-xmr', address: x.rp.xmr.address, amount: deal('alice').xmrAmount }),
    req({ kind: 'sign-buy', buySig: x.buySig }),
    datum(x.buy),
    confs('cancel', x.rp.cancelSigned.txid, cancelConfs),
    confs('refund', x.rp.refundTxid, 1, x.lock.refundSigned.hex),
    req({ kind: 'recover-accordant', from: 'refund', txHex: x.lock.refundSigned.hex }),
    datum(x.aliceSweep),
  ];
  return bodies.map((b, i) => e(i, b));
}

describe('swap exports of a real-crypto swap', () => {
  it('the support export holds no secret either party has, in any spelling, and keeps txids, addresses and amounts', async () => {
    const x = await real();
    const log = [
      { level: 30, time: 5, component: 'daemon', event: 'sweep', swapId: SWAP, msg: `sweeping with ${x.bobSweep.spendKey}`, spendKey: x.bobSweep.spendKey },
      { level: 30, time: 6, component: 'signer', event: 'words', swapId: SWAP, msg: x.words[1]!, mnemonic: x.words[1]! },
      { level: 30, time: 7, component: 'daemon', event: 'broadcast', swapId: SWAP, msg: `lock ${x.lock.lockSigned.txid} sent`, txid: x.lock.lockSigned.txid },
    ];
    for (const t of [{ deal: deal('bob'), entries: bobTranscript(x, 3) }, { deal: deal('alice'), entries: aliceTranscript(x, 2) }]) {
      const text = supportFile(t, log, 'test').json;
      let checked = 0;
      for (const s of x.secrets) for (const sp of spellings(s)) {
        expect(text.includes(sp), `a secret (${sp.slice(0, 12)}…) is in the ${t.deal.role} support export`).toBe(false);
        checked++;
      }
      for (const w of x.words) {
        const ws = w.split(' ');
        for (let i = 0; i + 4 <= ws.length; i++) expect(text.includes(ws.slice(i, i + 4).join(' ')), `seed words ${ws.slice(i, i + 4).join(' ')}`).toBe(false);
      }
      expect(checked).toBe(x.secrets.length * 7);
      for (const txid of [x.lock.lockSigned.txid, x.lock.cancelSigned.txid, x.lock.refundSigned.txid, x.buy.buySigned.txid]) expect(text).toContain(txid);
      expect(text).toContain(x.rp.xmr.address);
      expect(text).toContain(t.deal.btcAmount);
      expect(text).toContain(`lock ${x.lock.lockSigned.txid} sent`);
    }
  }, 60_000);

  it('the recovery export gives Bob his signed cancel and refund and, after the buy, the joint Monero keys', async () => {
    const x = await real();
    const r = JSON.parse(recoveryFile({ deal: deal('bob'), entries: bobTranscript(x, deal('bob').cancelTimelock, false) }).json);
    expect(r.transactions.map((t: { name: string }) => t.name)).toEqual(['cancel', 'refund']);
    const [cancel, refund] = r.transactions;
    expect(cancel).toMatchObject({ txid: x.lock.cancelSigned.txid, hex: x.lock.cancelSigned.hex, status: 'valid-now' });
    expect(refund).toMatchObject({ txid: x.lock.refundSigned.txid, hex: x.lock.refundSigned.hex, status: 'not-yet' });
    expect(refund.why).toMatch(/broadcast the cancel first/);

    // after the buy: the cancel is too late, and Bob owns the XMR: the joint spend key
    const bought = JSON.parse(recoveryFile({ deal: deal('bob'), entries: bobTranscript(x, deal('bob').cancelTimelock) }).json);
    expect(bought.transactions[0]).toMatchObject({ name: 'cancel', status: 'too-late' });
    expect(bought.monero).toMatchObject({ address: x.bobSweep.address, spendKey: x.bobSweep.spendKey, viewKey: x.bobSweep.viewKey });

    // one block short of the cancel timelock, and before any sweep: not yet, and watch-only keys
    const early = JSON.parse(recoveryFile({ deal: deal('bob'), entries: bobTranscript(x, deal('bob').cancelTimelock - 1, false) }).json);
    expect(early.transactions[0]).toMatchObject({ name: 'cancel', status: 'not-yet' });
    expect(early.transactions[0].why).toMatch(/1 more blocks/);
    expect(early.monero).toMatchObject({ address: x.lock.xmr.address, viewKey: x.lock.xmr.viewKey, spendKey: null });

    // before the lock was signed there is nothing on chain to recover
    const none = JSON.parse(recoveryFile({ deal: deal('bob'), entries: bobTranscript(x, 0).slice(0, 12) }).json);
    expect(none.transactions).toEqual([]);
    expect(none.missing.join(' ')).toMatch(/has not signed the lock yet/);
  }, 60_000);

  it('the recovery export gives Alice cancel, punish (valid after the punish timelock unless Bob refunded) and buy', async () => {
    const x = await real();
    const d = deal('alice');
    const r = JSON.parse(recoveryFile({ deal: d, entries: aliceTranscript(x, d.punishTimelock).filter((t) => !(t.kind === 'btc-event' && t.event.kind === 'tx-confirmations' && t.event.txid === x.rp.refundTxid)) }).json);
    expect(r.transactions.map((t: { name: string }) => t.name)).toEqual(['cancel', 'punish', 'buy']);
    expect(r.transactions[0]).toMatchObject({ txid: x.rp.cancelSigned.txid, hex: x.rp.cancelSigned.hex, status: 'done' });
    expect(r.transactions[1]).toMatchObject({ txid: x.rp.punishSigned.txid, hex: x.rp.punishSigned.hex, status: 'valid-now' });
    expect(r.transactions[2]).toMatchObject({ txid: x.buy.buySigned.txid, hex: x.buy.buySigned.hex });
    const refunded = JSON.parse(recoveryFile({ deal: d, entries: aliceTranscript(x, 1) }).json);
    expect(refunded.transactions[1]).toMatchObject({ name: 'punish', status: 'too-late' });
    expect(refunded.monero).toMatchObject({ spendKey: x.aliceSweep.spendKey, address: x.rp.xmr.address });
  }, 60_000);
});

describe('swap exports from a data dir', () => {
  async function dataDirWith(t: SwapTranscript): Promise<string> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-exports-'));
    const s = await StoreTranscript.open<SwapState>(path.join(dir, 'daemon'), swapDecider(), (raw) => {
      const r = parseSwapState(raw);
      return r.ok ? ok(r.value) : (r as never);
    });
    if (!s.ok) throw new Error(s.error.message);
    const c = await s.value.create({ kind: 'genesis', deal: t.deal, offer: null, createdAt: 1 } as never);
    if (!c.ok) throw new Error(c.error.message);
    const a = await s.value.append(t.deal.swapId, t.entries);
    if (a.status !== 'durable') throw new Error('append failed');
    await s.value.close();
    mkdirSync(path.join(dir, 'logs'));
    const other = 'ff'.repeat(16);
    writeFileSync(
      path.join(dir, 'logs', 'wallet.1.log'),
      [
        JSON.stringify({ level: 30, time: 1, component: 'daemon', event: 'step', swapId: t.deal.swapId, msg: 'first' }),
        JSON.stringify({ level: 30, time: 2, component: 'daemon', event: 'step', swapId: other, msg: `other swap mentions ${t.deal.swapId}` }),
        '{"torn',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'logs', 'wallet.2.log'), `${JSON.stringify({ level: 40, time: 3, component: 'daemon', event: 'late', swapId: t.deal.swapId, msg: 'second' })}\n`);
    return dir;
  }

  it('reads the transcript and this swap\'s log lines while no wallet runs, and refuses while the writer lock is held', async () => {
    const x = await real();
    const dir = await dataDirWith({ deal: deal('bob'), entries: bobTranscript(x, 3) });
    const r = await withOfflineStore(dir, (s) => readSwapTranscript(s, SWAP));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.entries).toHaveLength(bobTranscript(x, 3).length);
    const { readSwapLogLines } = await import('./swap-exports');
    expect(readSwapLogLines(dir, SWAP).map((l) => l.msg)).toEqual(['first', 'second']);

    const unknown = await withOfflineStore(dir, (s) => readSwapTranscript(s, 'ab'.repeat(16) as SwapId));
    expect(!unknown.ok && unknown.error.kind).toBe('swap-unknown');

    const lock = acquireWriterLock(path.join(dir, 'daemon'));
    expect(lock.ok).toBe(true);
    try {
      const refused = await withOfflineStore(dir, (s) => readSwapTranscript(s, SWAP));
      expect(!refused.ok && refused.error.kind).toBe('store-locked');
      expect(!refused.ok && refused.error.message).toMatch(new RegExp(`process ${process.pid}`));
    } finally {
      if (lock.ok) lock.value.release();
    }
  }, 60_000);
});
