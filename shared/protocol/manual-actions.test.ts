// The manual commands' pure check and their road through the decider: every refusal with its reason
// (and nothing recorded), an accepted command recorded as its input then the broadcast, a replay of
// the transcript equal to the live state.
import { describe, expect, it } from 'vitest';
import { cancelOutputSpend, clientIn, control, Run, txConfs } from '../../rigs/protocol/decider.helpers';
import { fakeTxid, TX } from '../../rigs/protocol/synthetic';
import { deciderFor } from './decider';
import { manualAttempt, manualCheck, type ManualAction } from './manual-actions';
import { foldEvidence, NO_EVIDENCE } from './checks/peer-evidence';

const manual = (action: ManualAction) => clientIn({ kind: 'manual', action });

function reason(r: Run, action: ManualAction): { reason: string; message: string } {
  const c = manualCheck(r.state, action);
  if (c.ok) throw new Error(`${action} was allowed`);
  // Through the decider: refused with the same message, nothing recorded.
  expect(r.refuse(manual(action))).toBe('manual-refused');
  return { reason: c.error.reason, message: c.error.message };
}

/** Feeds the manual command; returns the outputs it recorded (after its own input). */
function accept(r: Run, action: ManualAction) {
  const at = r.entries.length;
  const seq = r.state.seq;
  r.feed(manual(action));
  const step = r.entries.slice(at);
  expect(step[0]).toMatchObject({ kind: 'client-datum', seq, datum: { kind: 'manual', action } });
  return { seq, outputs: step.slice(1) };
}

describe('manual commands: Bob', () => {
  it('before the lock: nothing is locked, use Abort', () => {
    const r = Run.start('bob');
    r.feed(control('start'));
    expect(reason(r, 'cancel')).toMatchObject({ reason: 'not-locked', message: expect.stringContaining('Abort') });
  });

  it('lock unconfirmed, then the timelock closed: refused with the blocks left', () => {
    const r = Run.atLock('bob');
    expect(reason(r, 'cancel')).toMatchObject({ reason: 'parent-unconfirmed', message: expect.stringContaining('lock is not confirmed') });
    r.feed(txConfs(r.state, 'lock', 3));
    expect(reason(r, 'cancel')).toMatchObject({ reason: 'timelock-closed', message: expect.stringContaining('opens in about 7 blocks') });
    expect(reason(r, 'refund')).toMatchObject({ reason: 'parent-unconfirmed', message: expect.stringContaining('cancel first (the cancel timelock opens in about 7 blocks)') });
  });

  it('punish is not Bob\'s', () => {
    expect(reason(Run.atLock('bob'), 'punish')).toMatchObject({ reason: 'wrong-role' });
  });

  it('cancel once the timelock opened: recorded, then the broadcast of the signed cancel with a manual attempt', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 10));
    const { seq, outputs } = accept(r, 'cancel');
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({ kind: 'btc-task', cause: { by: 'manual', last: true }, task: { kind: 'broadcast', id: expect.stringMatching(new RegExp(`:broadcast:cancel:${manualAttempt(seq)}$`)) } });
    expect(r.state.broadcasts['cancel']).toMatchObject({ attempt: manualAttempt(seq), status: 'sent' });
    // The transcript folds to the same state (replay emits nothing and agrees with step).
    const d = deciderFor('bob');
    const init = d.initialState(r.state.deal);
    if (!init.ok) throw new Error(init.error.message);
    const folded = d.recover(init.value, r.entries);
    expect(folded.ok && folded.value).toEqual(r.state);
  });

  it('buy seen: cancel refused', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 10));
    r.feed(txConfs(r.state, 'buy', 0));
    expect(reason(r, 'cancel')).toMatchObject({ reason: 'spent-by-other', message: expect.stringContaining('buy') });
  });

  it('cancel in the mempool: refund refused until its first block; then allowed; cancel then already on chain', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 10));
    r.feed(txConfs(r.state, 'cancel', 0));
    expect(reason(r, 'refund')).toMatchObject({ reason: 'parent-unconfirmed', message: expect.stringContaining('cancel transaction is not confirmed yet') });
    r.feed(txConfs(r.state, 'cancel', 1));
    expect(reason(r, 'cancel')).toMatchObject({ reason: 'already-on-chain', message: expect.stringContaining('already on chain (1 confirmation)') });
    const c = manualCheck(r.state, 'refund');
    expect(c.ok && c.value).toMatchObject({ txid: fakeTxid(TX.refund), warning: null });
    const { outputs } = accept(r, 'refund');
    expect(outputs.map((o) => o.kind)).toEqual(['btc-task']);
  });

  it('late refund: allowed with a warning; a punish seen: refused', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 10));
    r.feed(txConfs(r.state, 'cancel', 18));
    const late = manualCheck(r.state, 'refund');
    expect(late.ok && late.value.warning).toContain('safe refund window');
    r.feed(txConfs(r.state, 'cancel', 20));
    const later = manualCheck(r.state, 'refund');
    expect(later.ok && later.value.warning).toContain('punish timelock is open');
    r.feed(cancelOutputSpend(r.state, fakeTxid(TX.punish), 0));
    expect(reason(r, 'refund')).toMatchObject({ reason: 'spent-by-other', message: expect.stringContaining('punished') });
  });

  it('after the end: already refunded', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 10));
    r.feed(txConfs(r.state, 'cancel', 1));
    r.feed(txConfs(r.state, 'refund', 1));
    expect(r.outcome).toBe('refunded');
    expect(reason(r, 'refund')).toMatchObject({ reason: 'ended', message: expect.stringContaining('already ended: refunded') });
  });

  it('restored and not yet synced: refused until the chains caught up', () => {
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 10));
    r.feed(control('restored'));
    expect(reason(r, 'cancel')).toMatchObject({ reason: 'syncing' });
  });
});

describe('manual commands: Alice', () => {
  it('refund is not Alice\'s', () => {
    expect(reason(Run.atLock('alice'), 'refund')).toMatchObject({ reason: 'wrong-role' });
  });

  it('punish: not before cancel, not before the punish timelock, then allowed', () => {
    const r = Run.atLock('alice');
    expect(reason(r, 'punish')).toMatchObject({ reason: 'parent-unconfirmed', message: expect.stringContaining('cancel first') });
    r.feed(txConfs(r.state, 'lock', 10));
    r.feed(txConfs(r.state, 'cancel', 5));
    expect(reason(r, 'punish')).toMatchObject({ reason: 'timelock-closed', message: expect.stringContaining('punish timelock opens in about 15 blocks') });
    r.feed(txConfs(r.state, 'cancel', 20));
    const { outputs } = accept(r, 'punish');
    expect(outputs[0]).toMatchObject({ kind: 'btc-task', task: { kind: 'broadcast', txHex: expect.any(String) } });
  });

  it('a refund seen: punish refused', () => {
    const r = Run.atLock('alice');
    r.feed(txConfs(r.state, 'lock', 10));
    r.feed(txConfs(r.state, 'cancel', 5));
    r.feed(txConfs(r.state, 'refund', 0));
    expect(reason(r, 'punish')).toMatchObject({ reason: 'spent-by-other', message: expect.stringContaining('refunded') });
  });

  it('cancel: refused while the timelock is closed, allowed once open', () => {
    const r = Run.atLock('alice');
    expect(reason(r, 'cancel')).toMatchObject({ reason: 'timelock-closed', message: expect.stringContaining('opens in about 9 blocks') });
    r.feed(txConfs(r.state, 'lock', 10));
    expect(manualCheck(r.state, 'cancel').ok).toBe(true);
  });
});

describe('manual commands: the runtime\'s evidence', () => {
  it('a manual command answers no client request: what was pending stays pending for the re-ask after a restart', () => {
    const r = Run.atLock('bob');
    const swapId = r.state.deal.swapId;
    const pending = { ...NO_EVIDENCE, clientPending: [{ kind: 'session-params' as const }] };
    const cmd = { kind: 'client-datum' as const, dir: 'in' as const, datum: { kind: 'manual' as const, action: 'cancel' as const }, swapId, seq: 0, ts: 0 };
    expect(foldEvidence(pending, 'bob', cmd).clientPending).toEqual([{ kind: 'session-params' }]);
    expect(foldEvidence(pending, 'bob', { ...cmd, datum: { kind: 'abort' } }).clientPending).toEqual([]);
  });
});
