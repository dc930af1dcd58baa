// The restore report on every case: a restored running swap resumes, an ended one is finished, a swap
// with no transcript or a damaged one cannot be recovered (nothing locked: nothing lost; BTC locked by
// Bob: the recovery file's cancel and refund, or the counterparty; XMR locked by Alice: both key halves,
// the recovery file or the counterparty; unknown: every case said), the words alone with no swap say
// the wallet has no record; the answer always passes its own schema.
import { describe, expect, it } from 'vitest';
import { restoreReport, RestoreReportSchema, type RestoredSwapFacts, type RestoreFacts } from './restore-report';

const id = (n: number) => n.toString(16).padStart(32, '0');
const swap = (n: number, o: Partial<RestoredSwapFacts> = {}): RestoredSwapFacts => ({ swapId: id(n), role: 'bob', inClientBackup: true, transcript: true, outcome: 'running', stage: 'BTC locked', locked: null, ...o });
const facts = (swaps: RestoredSwapFacts[], source: RestoreFacts['source'] = 'backup'): RestoreFacts => ({ source, restoredAt: 2_000, backupWrittenAt: source === 'backup' ? 1_000 : null, swaps });
const report = (f: RestoreFacts) => RestoreReportSchema.parse(restoreReport(f));
const only = (s: RestoredSwapFacts) => report(facts([s])).swaps[0]!;

describe('restoreReport', () => {
  it('a restored running swap resumes, and says where it stood', () => {
    const r = only(swap(1));
    expect(r.verdict).toBe('resumes');
    expect(r.detail).toContain('came back from the backup file');
    expect(r.detail).toContain('BTC locked');
    expect(r.canDo).toEqual([]);
  });

  it('a transcript the daemon has not listed yet still resumes', () => {
    expect(only(swap(1, { outcome: null, stage: null })).verdict).toBe('resumes');
  });

  it.each(['swapped', 'refunded', 'punished', 'aborted', 'archived'] as const)('an ended swap (%s) is finished, nothing to do', (outcome) => {
    const r = only(swap(1, { outcome }));
    expect(r.verdict).toBe('finished');
    expect(r.detail).toMatch(/^Nothing to do/);
  });

  it('no transcript, nothing locked: nothing lost', () => {
    const r = only(swap(1, { transcript: false, outcome: null, locked: { btc: false, xmr: false } }));
    expect(r.verdict).toBe('cannot-recover');
    expect(r.detail).toContain('not its records');
    expect(r.canDo).toEqual([expect.stringContaining('nothing is lost')]);
  });

  it('Bob with BTC locked: the recovery file (cancel then refund, after the cancel timelock, before punish) or the counterparty', () => {
    const r = only(swap(1, { transcript: false, outcome: null, locked: { btc: true, xmr: false } }));
    expect(r.verdict).toBe('cannot-recover');
    expect(r.canDo.join(' ')).toMatch(/recovery file.*cancel, then its refund.*cancel timelock.*punish timelock/);
    expect(r.canDo.join(' ')).toContain('only the counterparty can help');
    expect(r.canDo.join(' ')).not.toContain('XMR was locked');
  });

  it('Alice with XMR locked: both halves of the key, the recovery file or the counterparty', () => {
    const r = only(swap(1, { role: 'alice', transcript: false, outcome: null, locked: { btc: true, xmr: true } }));
    expect(r.canDo.join(' ')).toMatch(/XMR was locked.*both halves.*recovery file.*cooperation/);
    expect(r.canDo.join(' ')).not.toContain('BTC was locked');
  });

  it('a damaged transcript, nothing known of the locks and the role: every case is said', () => {
    const r = only(swap(1, { role: null, outcome: 'damaged', locked: null }));
    expect(r.verdict).toBe('cannot-recover');
    expect(r.detail).toContain('damaged');
    const all = r.canDo.join(' ');
    expect(all).toContain('If nothing was locked yet: nothing is lost');
    expect(all).toContain('If your BTC was locked');
    expect(all).toContain('If your XMR was locked');
  });

  it('the headline counts each verdict; swaps in id order', () => {
    const r = report(facts([swap(3, { outcome: 'swapped' }), swap(1), swap(2, { transcript: false, outcome: null })]));
    expect(r.swaps.map((s) => s.swapId)).toEqual([id(1), id(2), id(3)]);
    expect(r.headline).toBe('The seed and the backup file are restored: 3 swaps, 1 resumes, 1 finished, 1 cannot be recovered.');
    expect(r.noRecord).toBeNull();
    expect(r.backupWrittenAt).toBe(1_000);
  });

  it('a backup with no swap says so, and has no "no record" note', () => {
    const r = report(facts([]));
    expect(r.headline).toContain('the backup held no swap');
    expect(r.noRecord).toBeNull();
  });

  it('the words alone and no swap: no record of earlier swaps, and what a person with a running swap can do', () => {
    const r = report(facts([], 'words'));
    expect(r.headline).toBe('The seed is restored; this wallet has no record of earlier swaps.');
    expect(r.noRecord?.text).toContain('no record of any swap');
    const all = r.noRecord?.canDo.join(' ') ?? '';
    expect(all).toContain('restore again with your words and that file');
    expect(all).toContain('nothing is lost');
    expect(all).toContain('recovery file');
    expect(all).toContain('counterparty');
  });

  it('the words alone on a data folder that holds swaps: those swaps, from this folder', () => {
    const r = report(facts([swap(1, { inClientBackup: false })], 'words'));
    expect(r.noRecord).toBeNull();
    expect(r.swaps[0]?.detail).toContain('in this data folder');
  });
});
