import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TaskTable, canonicalJson } from './task-table';
import { BtcTaskSchema, type BtcTask, type SyncerEvent } from './messages';
import { TaskIdSchema, TxidSchema } from '../ids';

const id = (s: string) => TaskIdSchema.parse(s);
const txid = (c: string) => TxidSchema.parse(c.repeat(64));
const watchTx = (i: string, bound = 3): BtcTask => BtcTaskSchema.parse({ kind: 'watch-tx', id: i, txid: 'a'.repeat(64), confirmationBound: bound });
const conf = (i: string, n: number | null, t = 'a'): SyncerEvent => ({
  kind: 'tx-confirmations', taskId: id(i), txid: txid(t), confirmations: n, blockHash: null, txHex: null,
});

describe('TaskTable: one effect per task id', () => {
  it('admits a new task once, then answers repeats with the recorded events', () => {
    const t = new TaskTable<BtcTask>();
    expect(t.admit(watchTx('w1'))).toEqual({ kind: 'new' });
    expect(t.admit(watchTx('w1'))).toEqual({ kind: 'duplicate', replay: [] });
    expect(t.record(conf('w1', 0))).toBe(true);
    expect(t.record(conf('w1', 1))).toBe(true);
    expect(t.admit(watchTx('w1'))).toEqual({ kind: 'duplicate', replay: [conf('w1', 1)] });
  });

  it('refuses a different task under a live id and keeps the first', () => {
    const t = new TaskTable<BtcTask>();
    t.admit(watchTx('w1', 3));
    const a = t.admit(watchTx('w1', 6));
    expect(a.kind).toBe('conflict');
    expect(t.get(id('w1'))).toEqual(watchTx('w1', 3));
  });

  it('suppresses an event equal to the latest under its key, keeps one per txid', () => {
    const t = new TaskTable<BtcTask>();
    t.admit(watchTx('w1'));
    expect(t.record(conf('w1', 2))).toBe(true);
    expect(t.record(conf('w1', 2))).toBe(false);
    expect(t.record(conf('w1', 2, 'b'))).toBe(true);
    expect(t.events(id('w1'))).toEqual([conf('w1', 2), conf('w1', 2, 'b')]);
    // a reorg back to a previous value is news again
    expect(t.record(conf('w1', null))).toBe(true);
    expect(t.record(conf('w1', 2))).toBe(true);
  });

  it('drops events of unknown or removed tasks, passes chain-level events', () => {
    const t = new TaskTable<BtcTask>();
    expect(t.record(conf('ghost', 1))).toBe(false);
    t.admit(watchTx('w1'));
    t.admit(watchTx('w2'));
    expect(t.remove(id('w1'))).toEqual(['w1']);
    expect(t.remove(id('w1'))).toEqual([]);
    expect(t.record(conf('w1', 1))).toBe(false);
    expect(t.record({ kind: 'backend-recovered' })).toBe(true);
    expect(t.remove('all')).toEqual(['w2']);
    expect(t.size).toBe(0);
    // after removal the id is free again
    expect(t.admit(watchTx('w1', 9))).toEqual({ kind: 'new' });
  });

  it('property: canonical JSON ignores key order and undefined fields', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string(), fc.boolean())), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
        expect(canonicalJson({ ...o, zzz_undef: undefined })).toBe(canonicalJson(o));
      }),
      { numRuns: 200 },
    );
  });

  it('property: any send sequence of the same tasks yields exactly one admission per id', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }), (seq) => {
        const t = new TaskTable<BtcTask>();
        const news = seq.filter((n) => t.admit(watchTx(`t${n}`)).kind === 'new').length;
        expect(news).toBe(new Set(seq).size);
      }),
      { numRuns: 200 },
    );
  });
});
