// Given/when/then tests of both deciders: each path of the protocol, the pitfalls of protocol.md
// 11.2 that live in the state machine (each test would have caught its bug), and refusal of bad input.
// Guards the decider contract: outputs are exactly what the state allows, and refusals change nothing.
import { describe, expect, it } from 'vitest';
import { bobDecider, aliceDecider, parseSwapState } from './decider';
import { broadcastResult, btcHeight, cancelOutputSpend, clientIn, control, peerIn, Run, sweepOk, txConfs, xmrDeposit } from '../../rigs/protocol/decider.helpers';
import { fakeClientAnswer, fakeCommit, fakeDeal, fakeHex, fakeReveal, fakeTxid, TX } from '../../rigs/protocol/synthetic';
import { labelOf } from './task-ids';

const XMR = fakeDeal('alice').xmrAmount;
const buysig = (r: Run) => peerIn({ type: 'buy-procedure-signature', swapId: r.state.deal.swapId, buy: fakeHex(15 + 7, 120), buyAdaptorSig: fakeHex(24, 162) });

describe('bob', () => {
  it('happy path: lock, XMR final -> buy signature, buy seen -> recover ka -> sweep -> swapped', () => {
    const r = Run.atLock('bob');
    expect(r.entries.map((e) => ('cause' in e ? labelOf(e) : e.kind))).toContain('btc:broadcast:lock');
    expect(r.feed(txConfs(r.state, 'lock', 1))).toEqual([]);
    expect(r.feed(xmrDeposit(r.state, XMR, 0))).toEqual([]);
    expect(r.feed(xmrDeposit(r.state, XMR, 1))).toEqual(['peer:buy-procedure-signature']);
    expect(r.feed(txConfs(r.state, 'buy', 1))).toEqual(['client:recover-accordant', 'xmr:sweep:lock']);
    expect(r.outcome).toBeNull();
    r.feed(sweepOk(r.state));
    expect(r.outcome).toBe('swapped');
    expect(bobDecider.isTerminal(r.state)).toBe(true);
  });

  it('cancel then refund: cancel at the timelock, refund once cancel is final', () => {
    const r = Run.atLock('bob');
    expect(r.feed(txConfs(r.state, 'lock', 9))).toEqual([]);
    expect(r.feed(txConfs(r.state, 'lock', 10))).toEqual(['btc:broadcast:cancel']);
    expect(r.feed(txConfs(r.state, 'cancel', 1))).toEqual(['btc:broadcast:refund']);
    r.feed(txConfs(r.state, 'refund', 1));
    expect(r.outcome).toBe('refunded');
  });

  it('pitfall #1: the funding address is shown only after the after-reveal checkpoint', () => {
    const r = Run.atLock('bob');
    const labels = r.entries.filter((e) => e.dir === 'out').map((e) => labelOf(e as never));
    const cp = labels.indexOf('checkpoint:after-reveal');
    expect(cp).toBeGreaterThanOrEqual(0);
    expect(labels.indexOf('client:fund')).toBeGreaterThan(cp);
  });

  it('lock only after cosigned cancel, refund signatures, pre-lock and post-refund-sigs checkpoints', () => {
    const labels = Run.atLock('bob').entries.filter((e) => e.dir === 'out').map((e) => labelOf(e as never));
    const lock = labels.indexOf('btc:broadcast:lock');
    for (const before of ['checkpoint:pre-lock', 'checkpoint:post-refund-sigs', 'btc:watch-tx:lock', 'client:sign-arbitrating-lock'])
      expect(labels.indexOf(before)).toBeLessThan(lock);
  });

  it('pitfall #2: buy seen before any XMR confirmation still leads to the sweep', () => {
    const r = Run.atLock('bob');
    expect(r.feed(txConfs(r.state, 'buy', 2))).toEqual(['client:recover-accordant', 'xmr:sweep:lock']);
  });

  it('pitfall #5: non-BIP68-final is retried at the next block, not before', () => {
    const r = Run.atLock('bob');
    r.feed(btcHeight(r.state, 200));
    expect(r.feed(txConfs(r.state, 'lock', 10))).toEqual(['btc:broadcast:cancel']);
    expect(r.feed(broadcastResult(r.state, 'cancel', 1, false, 'non-BIP68-final'))).toEqual(['timer:retry']);
    expect(r.feed(btcHeight(r.state, 200))).toEqual([]);
    const out = r.feed(btcHeight(r.state, 201));
    expect(out).toEqual(['btc:broadcast:cancel']);
    const last = r.entries.at(-1);
    expect(last && last.kind === 'btc-task' && last.task.id.endsWith(':broadcast:cancel:2')).toBe(true);
  });

  it('pitfalls #6/#7: a spend of the cancel output that is not our refund means punished, and bob says so', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 10));
    expect(r.feed(txConfs(r.state, 'cancel', 1))).toEqual(['btc:broadcast:refund']);
    r.feed(cancelOutputSpend(r.state, fakeTxid(99), 1));
    expect(r.outcome).toBe('punished');
  });

  it('pitfall #6: the refund seen through the cancel-output watch ends refunded', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'cancel', 1)); // later evidence: implies lock >= cancel
    r.feed(cancelOutputSpend(r.state, fakeTxid(TX.refund), 1));
    expect(r.outcome).toBe('refunded');
  });

  it('under-funded XMR: no buy signature, cancel at the timelock', () => {
    const r = Run.atLock('bob');
    expect(r.feed(xmrDeposit(r.state, '1', 5))).toEqual([]);
    expect(r.has('xmr_bad')).toBe(true);
    expect(r.feed(txConfs(r.state, 'lock', 10))).toEqual(['btc:broadcast:cancel']);
  });

  it('pitfall #3: after a restore nothing is emitted but the watch set until synced', () => {
    const r = Run.atLock('bob');
    const watches = bobDecider.resume(r.state).map(labelOf);
    expect(watches).toEqual(expect.arrayContaining(['btc:watch-tx:lock', 'btc:watch-tx:cancel', 'btc:watch-tx:refund', 'btc:watch-tx:buy', 'btc:watch-address:cancel-output', 'xmr:watch-address:lock', 'btc:watch-height:tip']));
    expect(r.feed(control('restored'))).toEqual(watches);
    expect(r.feed(txConfs(r.state, 'lock', 12))).toEqual([]);
    const next = bobDecider.enabled(r.state);
    expect(next.live).toBe(false);
    expect(next.held.map((h) => h.id)).toEqual(['publish_cancel']);
    expect(r.feed(control('synced'))).toEqual(['btc:broadcast:cancel']);
  });

  it('abort before lock: a funded bob asks the client to sweep the funding back', () => {
    const r = Run.start('bob');
    r.feed(control('start'));
    r.feed(peerIn(fakeCommit('alice', r.state.deal.swapId)));
    r.feed(peerIn(fakeReveal('alice', r.state.deal.swapId)));
    expect(bobDecider.enabled(r.state).abort.allowed).toBe(true);
    expect(r.feed({ kind: 'peer-verdict', dir: 'in', verdict: { kind: 'peer-invalid', msgType: 'refund-procedure-signatures', reason: 'bad adaptor signature' } })).toEqual([
      'client:sweep-funding',
      'peer:abort',
      // The end records the aborts of every watch it no longer needs (end-aborts.ts).
      'btc:end:watch-height.tip', 'xmr:end:watch-height.tip', 'btc:end:watch-address.funding',
    ]);
    expect(r.outcome).toBe('aborted');
  });

  it('a wrong funding amount aborts and sweeps back', () => {
    const r = Run.start('bob');
    r.feed(control('start'));
    r.feed(peerIn(fakeCommit('alice', r.state.deal.swapId)));
    r.feed(peerIn(fakeReveal('alice', r.state.deal.swapId)));
    const out = r.feed({ kind: 'btc-event', dir: 'in', event: { kind: 'address-tx', taskId: `${r.state.deal.swapId}:btc:watch-address:funding` as never, txid: fakeTxid(11), amount: '5', confirmations: 0, incoming: true, txHex: null } });
    expect(out).toEqual(['client:sweep-funding', 'peer:abort', 'btc:end:watch-height.tip', 'xmr:end:watch-height.tip', 'btc:end:watch-address.funding']);
    expect(r.outcome).toBe('aborted');
  });

  it('after lock, abort is refused with a reason and a bad peer message changes nothing', () => {
    const r = Run.atLock('bob');
    expect(bobDecider.enabled(r.state).abort).toEqual({ allowed: false, reason: expect.stringContaining('lock was broadcast') });
    expect(r.refuse(clientIn({ kind: 'abort' }))).toBe('unexpected-input');
    const before = JSON.stringify(r.state.marking);
    r.feed({ kind: 'peer-verdict', dir: 'in', verdict: { kind: 'peer-invalid', msgType: 'abort', reason: 'x' } });
    expect(JSON.stringify(r.state.marking)).toBe(before);
  });

  it('after the end a verdict is refused (not recorded), yet a transcript that holds one still replays', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 1));
    r.feed(xmrDeposit(r.state, XMR, 1));
    r.feed(txConfs(r.state, 'buy', 1));
    r.feed(sweepOk(r.state));
    expect(r.outcome).toBe('swapped');
    const verdict = { kind: 'peer-verdict', dir: 'in', verdict: { kind: 'peer-invalid', msgType: 'abort', reason: 'junk after the end' } } as const;
    expect(r.refuse(verdict)).toBe('unexpected-input');
    // Written by an older version: the fold still applies it, changing nothing.
    const old = bobDecider.apply(r.state, bobDecider.input(r.state, verdict, 1));
    expect(old.ok && old.value.marking).toEqual(r.state.marking);
  });
});

describe('alice', () => {
  it('happy path: XMR locked, buy signature -> signed buy -> checkpoint -> broadcast -> swapped', () => {
    const r = Run.atLock('alice');
    expect(r.feed(xmrDeposit(r.state, XMR, 1))).toEqual([]);
    expect(r.feed(buysig(r))).toEqual(['client:sign-buy', 'btc:watch-tx:buy', 'checkpoint:post-buy-sig', 'btc:broadcast:buy']);
    r.feed(txConfs(r.state, 'buy', 1));
    expect(r.outcome).toBe('swapped');
  });

  it('XMR address only after lock final, pre-lock checkpoint and refund signatures sent', () => {
    const labels = Run.atLock('alice').entries.filter((e) => e.dir === 'out').map((e) => labelOf(e as never));
    const show = labels.indexOf('client:lock-xmr');
    expect(show).toBeGreaterThan(labels.indexOf('checkpoint:pre-lock'));
    expect(show).toBeGreaterThan(labels.indexOf('peer:refund-procedure-signatures'));
    expect(show).toBeGreaterThan(labels.indexOf('xmr:watch-address:lock'));
  });

  it('stop_funding_before_cancel: the address is withdrawn once lock confs pass cancel - safety + 1', () => {
    const r = Run.atLock('alice');
    expect(r.feed(txConfs(r.state, 'lock', 8))).toEqual([]);
    expect(r.feed(txConfs(r.state, 'lock', 9))).toEqual(['client:withdraw-xmr-lock']);
  });

  it('pitfall #12: no buy once lock confs pass cancel - safety, even with a signed buy in hand', () => {
    const r = Run.atLock('alice');
    r.feed(xmrDeposit(r.state, XMR, 1));
    r.autoClient = false;
    expect(r.feed(buysig(r))).toEqual(['client:sign-buy']);
    expect(r.feed(txConfs(r.state, 'lock', 8))).toEqual([]);
    const signed = fakeClientAnswer('alice', r.state.deal.swapId, 'sign-buy');
    expect(signed).not.toBeNull();
    expect(r.feed(clientIn(signed!))).toEqual([]);
    expect(r.feed(txConfs(r.state, 'lock', 10))).toEqual(['btc:broadcast:cancel']);
  });

  it('pitfall #12: inside the window (lock confs = cancel - safety) buy goes out', () => {
    const r = Run.atLock('alice');
    r.feed(xmrDeposit(r.state, XMR, 1));
    r.feed(txConfs(r.state, 'lock', 7));
    expect(r.feed(buysig(r))).toContain('btc:broadcast:buy');
  });

  it('pitfall #8: over-funded alice never buys and still broadcasts cancel', () => {
    const r = Run.atLock('alice');
    r.feed(xmrDeposit(r.state, (BigInt(XMR) + 1n).toString(), 1));
    expect(r.feed(buysig(r))).toEqual([]);
    expect(r.feed(txConfs(r.state, 'lock', 10))).toEqual(['btc:broadcast:cancel']);
  });

  it('pitfall #9: own buy dropped from the mempool is broadcast again', () => {
    const r = Run.atLock('alice');
    r.feed(xmrDeposit(r.state, XMR, 1));
    r.feed(buysig(r));
    expect(r.feed(txConfs(r.state, 'buy', 0))).toEqual([]);
    expect(r.feed(txConfs(r.state, 'buy', null))).toEqual(['btc:broadcast:buy']);
  });

  it('pitfall #7: punish broadcast, but the refund finalizes: refund path (recover kb, sweep)', () => {
    const r = Run.atLock('alice');
    r.feed(xmrDeposit(r.state, XMR, 1));
    expect(r.feed(txConfs(r.state, 'lock', 10))).toEqual(['btc:broadcast:cancel']);
    expect(r.feed(txConfs(r.state, 'cancel', 20))).toEqual(['btc:broadcast:punish']);
    expect(r.feed(txConfs(r.state, 'refund', 1))).toEqual(['client:recover-accordant', 'xmr:sweep:lock']);
    r.feed(sweepOk(r.state));
    expect(r.outcome).toBe('refunded');
  });

  it('punish: cancel reaches the punish timelock, punish finalizes -> punished', () => {
    const r = Run.atLock('alice');
    r.feed(txConfs(r.state, 'lock', 10));
    expect(r.feed(txConfs(r.state, 'cancel', 19))).toEqual([]);
    expect(r.feed(txConfs(r.state, 'cancel', 20))).toEqual(['btc:broadcast:punish']);
    r.feed(txConfs(r.state, 'punish', 1));
    expect(r.outcome).toBe('punished');
  });

  it('pitfall #2: a confirmed cancel reported before any lock confirmation is understood', () => {
    const r = Run.atLock('alice');
    r.feed(txConfs(r.state, 'cancel', 1));
    expect(r.has('C')).toBe(true);
    expect(r.has('lock_cancel_ok')).toBe(true);
  });
});

describe('refusals change nothing', () => {
  it('out-of-order seq, unexpected peer message, duplicate message, unknown tx, other swap', () => {
    const r = Run.atLock('bob');
    expect(r.refuse(btcHeight(r.state, 5), r.state.seq + 1)).toBe('out-of-order');
    expect(r.refuse(peerIn({ type: 'refund-procedure-signatures', swapId: r.state.deal.swapId, cancelSig: fakeHex(1, 64), refundAdaptorSig: fakeHex(2, 162) }))).toBe('unexpected-input');
    expect(r.refuse(peerIn(fakeCommit('alice', r.state.deal.swapId)))).toBe('unexpected-input');
    expect(r.refuse({ kind: 'btc-event', dir: 'in', event: { kind: 'tx-confirmations', taskId: 'x:btc:watch-tx:lock' as never, txid: fakeTxid(3), confirmations: 1, blockHash: null, txHex: null } })).toBe('unknown-task');
    expect(r.refuse(peerIn({ type: 'abort', swapId: 'cd'.repeat(16) as never }))).toBe('wrong-swap');
    expect(r.refuse(clientIn(fakeClientAnswer('alice', r.state.deal.swapId, 'session-params')!))).toBe('datum-invalid');
  });
});

describe('state is plain JSON and recovery equals the fold', () => {
  for (const role of ['alice', 'bob'] as const) {
    it(`${role}: checkpoint (JSON) + later entries = full fold = live state`, () => {
      const r = Run.atLock(role);
      r.feed(txConfs(r.state, 'lock', 10));
      const d = role === 'alice' ? aliceDecider : bobDecider;
      const init = d.initialState(fakeDeal(role));
      if (!init.ok) throw new Error('deal');
      const full = d.recover(init.value, r.entries);
      expect(full.ok && full.value).toEqual(r.state);
      const cut = Math.floor(r.entries.length / 2);
      const mid = d.recover(init.value, r.entries.slice(0, cut));
      if (!mid.ok) throw new Error('fold');
      const checkpoint = parseSwapState(JSON.parse(JSON.stringify(mid.value)));
      if (!checkpoint.ok) throw new Error(checkpoint.error.message);
      const resumed = d.recover(checkpoint.value, r.entries.slice(cut));
      expect(resumed.ok && resumed.value).toEqual(r.state);
    });
  }
  it('a checkpoint with a forged token is refused', () => {
    const r = Run.atLock('bob');
    const bad = JSON.parse(JSON.stringify(r.state));
    bad.marking.refund_sigs = { type: 'refund-procedure-signatures', swapId: bad.deal.swapId, cancelSig: 'zz' };
    expect(parseSwapState(bad).ok).toBe(false);
  });
});

describe('restart behaviour', () => {
  it('a broadcast appended before a crash but never seen is sent again once synced', () => {
    const r = Run.atLock('bob'); // lock broadcast appended, no confirmation reported
    const labels = r.feed(control('restored'));
    expect(labels).not.toContain('btc:broadcast:lock');
    expect(r.feed(control('synced'))).toEqual(['btc:broadcast:lock']);
    const last = r.entries.at(-1);
    expect(last && last.kind === 'btc-task' && last.task.id.endsWith(':broadcast:lock:2')).toBe(true);
  });

  it('a signing request left unanswered by a crash is asked again once synced', () => {
    const r = Run.atLock('alice');
    r.feed(xmrDeposit(r.state, XMR, 1));
    r.autoClient = false;
    expect(r.feed(buysig(r))).toEqual(['client:sign-buy']);
    r.feed(control('restored'));
    expect(r.feed(control('synced'))).toEqual(['client:sign-buy']);
  });

  it('alice may still abort after sending refund signatures while no XMR address was shown', () => {
    const r = Run.start('alice');
    r.feed(control('start'));
    r.feed(peerIn(fakeCommit('bob', r.state.deal.swapId)));
    r.feed(peerIn(fakeReveal('bob', r.state.deal.swapId)));
    r.feed(peerIn({ type: 'core-arbitrating-setup', swapId: r.state.deal.swapId, lock: fakeHex(19, 120), cancel: fakeHex(20, 120), refund: fakeHex(21, 120), cancelSig: fakeHex(21, 64) }));
    expect(r.has('refund_sigs_sent')).toBe(true);
    expect(aliceDecider.enabled(r.state).abort.allowed).toBe(true);
    // She had nothing locked: her watches of Bob's transactions end with the swap (end-aborts.ts).
    const watched = ['watch-tx.lock', 'watch-tx.cancel', 'watch-tx.refund', 'watch-tx.punish'].map((w) => `btc:end:${w}`);
    expect(r.feed(peerIn({ type: 'abort', swapId: r.state.deal.swapId }))).toEqual(['peer:abort', 'btc:end:watch-height.tip', 'xmr:end:watch-height.tip', ...watched]);
    expect(r.outcome).toBe('aborted');
  });

  it('once the XMR address is shown, alice can no longer abort', () => {
    const r = Run.atLock('alice');
    expect(aliceDecider.enabled(r.state).abort.allowed).toBe(false);
    expect(r.refuse(clientIn({ kind: 'abort' }))).toBe('unexpected-input');
  });
});

describe('guards on recorded outputs', () => {
  it('a recorded broadcast without a prior watch does not fold', () => {
    const r = Run.start('bob');
    const e = { kind: 'btc-task', dir: 'out', task: { kind: 'broadcast', id: `${r.state.deal.swapId}:btc:broadcast:lock:1`, txHex: fakeHex(1, 100) }, cause: { by: 'rebroadcast', last: true }, swapId: r.state.deal.swapId, seq: 0, ts: 1 } as const;
    const res = bobDecider.apply(r.state, e as never);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.kind).toBe('transcript-mismatch');
  });
  it('a recorded output of an action that is not enabled does not fold', () => {
    const r = Run.start('bob');
    const e = { kind: 'peer-out', dir: 'out', msg: { type: 'abort', swapId: r.state.deal.swapId }, cause: { by: 'finish_abort', last: true }, swapId: r.state.deal.swapId, seq: 0, ts: 1 } as const;
    const res = bobDecider.apply(r.state, e as never);
    expect(res.ok).toBe(false);
  });
  it('a checkpoint naming a place of the other role is refused', () => {
    const r = Run.atLock('bob');
    const bad = JSON.parse(JSON.stringify(r.state));
    bad.marking.xmr_addr_shown = true;
    expect(parseSwapState(bad).ok).toBe(false);
    expect(parseSwapState(JSON.parse(JSON.stringify(r.state))).ok).toBe(true);
  });
});

describe('inputs are accepted while a restored swap catches up', () => {
  it('alice takes the arbitrating setup before synced and asks for signatures only once synced', () => {
    const r = Run.start('alice');
    r.feed(control('start'));
    r.feed(peerIn(fakeCommit('bob', r.state.deal.swapId)));
    r.feed(control('restored'));
    expect(r.feed(peerIn(fakeReveal('bob', r.state.deal.swapId)))).toEqual([]);
    expect(r.feed(peerIn({ type: 'core-arbitrating-setup', swapId: r.state.deal.swapId, lock: fakeHex(19, 120), cancel: fakeHex(20, 120), refund: fakeHex(21, 120), cancelSig: fakeHex(21, 64) }))).toEqual([]);
    r.autoClient = false;
    expect(r.feed(control('synced'))).toEqual(['checkpoint:after-reveal', 'client:peer-params', 'client:sign-refund-procedure']);
  });
});

describe('safe_refund', () => {
  it('bob warns once cancel confs pass punish - safety, and still refunds', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 10));
    r.feed(broadcastResult(r.state, 'cancel', 1, true));
    // Bob was offline: the first report he sees has cancel already deep.
    expect(bobDecider.enabled(r.state).warnings).toEqual([]);
    expect(r.feed(txConfs(r.state, 'cancel', 18))).toEqual(['btc:broadcast:refund']);
    expect(bobDecider.enabled(r.state).warnings.map((w) => w.code)).toEqual(['refund-outside-safe-window']);
    r.feed(txConfs(r.state, 'refund', 1));
    expect(r.outcome).toBe('refunded');
  });
});

describe('token schemas cover every datum a net places', () => {
  it('each place an input transition fills from a peer message or client datum has a schema', async () => {
    const { TOKEN_SCHEMAS } = await import('./state');
    const { ALICE_NET } = await import('./net-alice');
    const { BOB_NET } = await import('./net-bob');
    for (const net of [ALICE_NET, BOB_NET])
      for (const t of net.transitions)
        if (t.on && (t.on.startsWith('peer:') || t.on.startsWith('client:')) && t.on !== 'peer:invalid' && t.produce?.[0])
          expect(TOKEN_SCHEMAS[t.produce[0]], `${net.name}.${t.id} -> ${t.produce[0]}`).toBeDefined();
  });
});

describe('silence after the outcome', () => {
  it('a restore of an ended swap emits nothing', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 10));
    r.feed(txConfs(r.state, 'cancel', 1));
    r.feed(txConfs(r.state, 'refund', 1));
    expect(r.outcome).toBe('refunded');
    expect(r.feed(control('restored'))).toEqual([]);
    expect(r.feed(control('synced'))).toEqual([]);
    expect(r.feed(btcHeight(r.state, 500))).toEqual([]);
  });
});

describe('loopback timer', () => {
  it('a refused broadcast sets a retry timer; when it fires before any block, the tx is sent again', () => {
    const r = Run.atLock('bob');
    r.feed(btcHeight(r.state, 300));
    r.feed(txConfs(r.state, 'lock', 10));
    expect(r.feed(broadcastResult(r.state, 'cancel', 1, false, 'non-BIP68-final'))).toEqual(['timer:retry']);
    const timer = r.entries.at(-1);
    expect(timer?.kind === 'timer-set' && timer.timer.at > timer.ts).toBe(true);
    expect(r.feed({ kind: 'timer-fired', dir: 'in', timer: { kind: 'retry', at: 0 } })).toEqual(['btc:broadcast:cancel']);
  });
});
