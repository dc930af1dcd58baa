// The transcript store on a real disk: append/read/recover, group commit across swaps, the writer
// lock, checkpoints (recovery equals the full fold), damage detection and the swap index.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SwapId } from '../../shared/ids';
import { ledgerPorts, sampleEntry, type LedgerEntry } from '../../rigs/store/sample-ledger';
import { foldAll, newSwapId, openLedgerStore, tempDir, transcriptPath } from '../../rigs/store/store-test-helpers';
import { openTranscriptStore } from './transcript-store';
import { nodeFs } from './store-fs';
import { FILE_HEADER_SIZE, decodeFileHeader, encodeFrame, scanTranscript } from './record-frame-codec';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(tag: string) {
  const t = tempDir(tag);
  cleanups.push(t.cleanup);
  const store = await openLedgerStore(t.dir);
  cleanups.push(() => store.close());
  return { dir: t.dir, store };
}

async function appendAll(store: Awaited<ReturnType<typeof openLedgerStore>>, id: SwapId, steps: LedgerEntry[][]) {
  for (const s of steps) {
    const r = await store.append(id, s);
    if (r.status !== 'durable') throw new Error(`append failed: ${r.error.message}`);
  }
}

describe('transcript store', () => {
  it('appends steps with consecutive seqs and reads them back after reopening', async () => {
    const { dir, store } = await setup('basic');
    const id = newSwapId();
    expect((await store.create(id)).ok).toBe(true);
    expect((await store.create(id)).ok).toBe(false);
    const entries = Array.from({ length: 10 }, (_, i) => sampleEntry(i));
    const r1 = await store.append(id, entries.slice(0, 3));
    expect(r1).toEqual({ status: 'durable', firstSeq: 1, lastSeq: 3 });
    const r2 = await store.append(id, entries.slice(3));
    expect(r2).toEqual({ status: 'durable', firstSeq: 4, lastSeq: 10 });
    expect(store.writerState(id)).toBe('idle');
    await store.close();

    const again = await openLedgerStore(dir);
    cleanups.push(() => again.close());
    const rd = await again.read(id);
    expect(rd.ok && rd.value.entries.map((e) => [e.seq, e.stepEnd])).toEqual(entries.map((_, i) => [i + 1, i === 2 || i === 9]));
    expect(rd.ok && rd.value.entries.map((e) => e.entry)).toEqual(entries);
    const rec = await again.recover(id);
    expect(rec.ok && rec.value.state).toEqual(foldAll(entries));
    expect(rec.ok && rec.value.from).toEqual({ kind: 'start' });
    expect(await again.append(id, [sampleEntry(10)])).toEqual({ status: 'durable', firstSeq: 11, lastSeq: 11 });
  });

  it('rejects a bad entry or unknown swap with a typed error and changes nothing', async () => {
    const { store } = await setup('bad');
    const id = newSwapId();
    await store.create(id);
    await appendAll(store, id, [[sampleEntry(0)]]);
    const bad = await store.append(id, [sampleEntry(1), { kind: 'deposit', amount: -1n }]);
    expect(bad.status === 'failed' && bad.error.kind).toBe('invalid-entry');
    const long = await store.append(id, [{ kind: 'note', text: 'x'.repeat(5000) }]);
    expect(long.status === 'failed' && long.error.kind).toBe('invalid-entry');
    const unknown = await store.append(newSwapId(), [sampleEntry(0)]);
    expect(unknown.status === 'failed' && unknown.error.kind).toBe('swap-unknown');
    const notId = await store.append('../../etc' as SwapId, [sampleEntry(0)]);
    expect(notId.status === 'failed' && notId.error.kind).toBe('invalid-argument');
    expect(await store.append(id, [sampleEntry(1)])).toEqual({ status: 'durable', firstSeq: 2, lastSeq: 2 });
    const rd = await store.read(id);
    expect(rd.ok && rd.value.entries.length).toBe(2);
  });

  it('group commit: 16 swaps appending at once each get their own records, in order, all durable', async () => {
    const { dir, store } = await setup('group');
    const ids = Array.from({ length: 16 }, newSwapId);
    for (const id of ids) await store.create(id);
    const per = 40;
    await Promise.all(
      ids.map(async (id, k) => {
        for (let i = 0; i < per; i++) {
          const p = store.append(id, [sampleEntry(i + k)]);
          expect(['pending']).toContain(store.writerState(id));
          const r = await p;
          expect(r).toEqual({ status: 'durable', firstSeq: i + 1, lastSeq: i + 1 });
        }
      }),
    );
    await store.close();
    const again = await openLedgerStore(dir);
    cleanups.push(() => again.close());
    for (const [k, id] of ids.entries()) {
      const rd = await again.read(id);
      expect(rd.ok && rd.value.entries.map((e) => e.entry)).toEqual(Array.from({ length: per }, (_, i) => sampleEntry(i + k)));
    }
  });

  it('grows a transcript past its preallocation and keeps reading it', async () => {
    const { dir, store } = await setup('grow');
    const id = newSwapId();
    await store.create(id);
    const entries = Array.from({ length: 300 }, (_, i) => sampleEntry(i, 200));
    await appendAll(store, id, entries.map((e) => [e]));
    expect(fs.statSync(transcriptPath(dir, id)).size).toBeGreaterThan(300 * 200);
    const rec = await store.recover(id);
    expect(rec.ok && rec.value.state).toEqual(foldAll(entries));
  });
});

describe('writer lock', () => {
  it('refuses a second writer with a clear message, then allows one after close', async () => {
    const { dir, store } = await setup('lock');
    const second = await openTranscriptStore({ dir, ...ledgerPorts });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.kind).toBe('store-locked');
      expect(second.error.message).toMatch(/in use/);
    }
    await store.close();
    const third = await openTranscriptStore({ dir, ...ledgerPorts });
    expect(third.ok).toBe(true);
    if (third.ok) await third.value.close();
  });

  it('treats a fresh unparsable lock as held and an old one as stale', async () => {
    const t = tempDir('lock3');
    cleanups.push(t.cleanup);
    const lockFile = path.join(t.dir, 'LOCK');
    fs.writeFileSync(lockFile, 'garbage');
    const fresh = await openTranscriptStore({ dir: t.dir, ...ledgerPorts });
    expect(!fresh.ok && fresh.error.kind).toBe('store-locked');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile, old, old);
    const stale = await openTranscriptStore({ dir: t.dir, ...ledgerPorts });
    expect(stale.ok).toBe(true);
    if (stale.ok) await stale.value.close();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('refuses while another live process holds the lock, takes over a lock left by a dead one', async () => {
    const t = tempDir('lock2');
    cleanups.push(t.cleanup);
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    cleanups.push(() => void child.kill('SIGKILL'));
    await new Promise((r) => child.once('spawn', r));
    const startOf = (pid: number) => {
      const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return s.slice(s.lastIndexOf(')') + 2).split(' ')[19]!;
    };
    const lockFile = path.join(t.dir, 'LOCK');
    const os = await import('node:os');
    fs.writeFileSync(lockFile, JSON.stringify({ pid: child.pid, start: startOf(child.pid!), host: os.hostname() }));
    const live = await openTranscriptStore({ dir: t.dir, ...ledgerPorts });
    expect(live.ok).toBe(false);
    if (!live.ok) expect(live.error.message).toContain(`process ${child.pid}`);
    // same pid but another start time: the pid was reused, the owner is gone
    fs.writeFileSync(lockFile, JSON.stringify({ pid: child.pid, start: '1', host: os.hostname() }));
    const reused = await openTranscriptStore({ dir: t.dir, ...ledgerPorts });
    expect(reused.ok).toBe(true);
    if (reused.ok) await reused.value.close();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    fs.writeFileSync(lockFile, JSON.stringify({ pid: child.pid, start: null, host: os.hostname() }));
    const stale = await openTranscriptStore({ dir: t.dir, ...ledgerPorts });
    expect(stale.ok).toBe(true);
    if (stale.ok) await stale.value.close();
  });
});

describe('checkpoints and recovery', () => {
  it('property: newest valid checkpoint + replay equals the full fold, also when checkpoints are damaged', async () => {
    const { dir, store } = await setup('ckpt');
    const entryArb: fc.Arbitrary<LedgerEntry> = fc.oneof(
      fc.constantFrom<LedgerEntry>({ kind: 'open', role: 'alice' }, { kind: 'open', role: 'bob' }, { kind: 'close', outcome: 'refunded' }),
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((amount): LedgerEntry => ({ kind: 'deposit', amount })),
      fc.string({ maxLength: 30 }).map((text): LedgerEntry => ({ kind: 'note', text })),
    );
    const runArb = fc.record({
      steps: fc.array(fc.array(entryArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
      cps: fc.array(fc.nat(), { maxLength: 3 }),
      damage: fc.constantFrom('none', 'newest', 'all'),
    });
    await fc.assert(
      fc.asyncProperty(runArb, async ({ steps, cps, damage }) => {
        const id = newSwapId();
        await store.create(id);
        await appendAll(store, id, steps);
        const flat = steps.flat();
        const points = [...new Set(cps.map((c) => (c % flat.length) + 1))].sort((a, b) => a - b);
        for (const p of points) {
          const r = await store.checkpoint(id, foldAll(flat.slice(0, p)), p);
          expect(r.ok).toBe(true);
        }
        const files = fs.readdirSync(path.join(dir, 'checkpoints')).filter((n) => n.startsWith(id)).sort().reverse();
        const hit = damage === 'none' ? [] : damage === 'newest' ? files.slice(0, 1) : files;
        for (const f of hit) {
          const p = path.join(dir, 'checkpoints', f);
          const b = fs.readFileSync(p);
          b[b.length >> 1] = b[b.length >> 1]! ^ 0x40;
          fs.writeFileSync(p, b);
        }
        const rec = await store.recover(id);
        expect(rec.ok).toBe(true);
        if (!rec.ok) return;
        expect(rec.value.state).toEqual(foldAll(flat));
        expect(rec.value.lastSeq).toBe(flat.length);
        const valid = files.filter((f) => !hit.includes(f));
        if (valid.length > 0) expect(rec.value.from).toEqual({ kind: 'checkpoint', seq: Number(valid[0]!.split('.')[1]) });
        else expect(rec.value.from).toEqual({ kind: 'start' });
        expect(rec.value.checkpointProblems.length).toBe(hit.length);
      }),
      { numRuns: 25 },
    );
  });

  it('detects every byte flip of a checkpoint and falls back to the full fold', async () => {
    const { store } = await setup('ckflip');
    const id = newSwapId();
    await store.create(id);
    const entries = Array.from({ length: 6 }, (_, i) => sampleEntry(i));
    await appendAll(store, id, entries.map((e) => [e]));
    const r = await store.checkpoint(id, foldAll(entries.slice(0, 4)), 4);
    if (!r.ok) throw new Error(r.error.message);
    const clean = fs.readFileSync(r.value.path);
    for (let i = 0; i < clean.length; i++) {
      const c = Buffer.from(clean);
      c[i] = c[i]! ^ 0x04;
      fs.writeFileSync(r.value.path, c);
      const rec = await store.recover(id);
      expect(rec.ok, `flip at ${i}`).toBe(true);
      if (!rec.ok) continue;
      expect(rec.value.from).toEqual({ kind: 'start' });
      expect(rec.value.checkpointProblems.length).toBe(1);
      expect(rec.value.state).toEqual(foldAll(entries));
    }
    fs.writeFileSync(r.value.path, clean);
    const ok = await store.recover(id);
    expect(ok.ok && ok.value.from).toEqual({ kind: 'checkpoint', seq: 4 });
  });

  it('refuses a checkpoint for a seq that is not durable yet', async () => {
    const { store } = await setup('cknd');
    const id = newSwapId();
    await store.create(id);
    await appendAll(store, id, [[sampleEntry(0)]]);
    const r = await store.checkpoint(id, foldAll([sampleEntry(0)]), 2);
    expect(!r.ok && r.error.kind).toBe('invalid-argument');
  });
});

describe('damage on disk', () => {
  async function writeSmall(tag: string, n: number) {
    const t = tempDir(tag);
    cleanups.push(t.cleanup);
    const id = newSwapId();
    const store = await openLedgerStore(t.dir);
    await store.create(id);
    const entries = Array.from({ length: n }, (_, i) => sampleEntry(i, 12));
    await appendAll(store, id, entries.map((e) => [e]));
    await store.close();
    return { dir: t.dir, id, entries, file: transcriptPath(t.dir, id) };
  }

  it('truncating the last record at every byte offset: torn tail quarantined, earlier records kept, appends continue', async () => {
    const { dir, id, entries, file } = await writeSmall('trunc', 4);
    const clean = fs.readFileSync(file);
    let end = clean.length;
    while (clean[end - 1] === 0) end--;
    const probe = await openLedgerStore(dir);
    const sizes = (await probe.read(id)).ok;
    await probe.close();
    expect(sizes).toBe(true);
    // find where the last record starts: scan from the header
    let at = FILE_HEADER_SIZE;
    const starts: number[] = [];
    while (at < end) {
      starts.push(at);
      at += 8 + clean.readUInt32LE(at);
    }
    const lastStart = starts[starts.length - 1]!;
    const lastEnd = at;
    for (let cut = lastStart + 1; cut < lastEnd; cut++) {
      const c = Buffer.from(clean);
      c.fill(0, cut); // a crash left the preallocated zeros after the cut
      fs.writeFileSync(file, c);
      const s = await openLedgerStore(dir);
      const rec = await s.recover(id);
      expect(rec.ok, `cut at ${cut}`).toBe(true);
      if (rec.ok) {
        expect(rec.value.state).toEqual(foldAll(entries.slice(0, 3)));
        expect(rec.value.tornTail?.offset).toBe(lastStart);
        expect(fs.existsSync(rec.value.tornTail!.quarantinedTo)).toBe(true);
      }
      expect(await s.append(id, [entries[3]!])).toEqual({ status: 'durable', firstSeq: 4, lastSeq: 4 });
      await s.close();
    }
  });

  it('flipping every byte of a small transcript: each flip is reported, nothing altered is applied', async () => {
    const { dir, id, entries, file } = await writeSmall('flip', 3);
    const clean = fs.readFileSync(file);
    let end = clean.length;
    while (clean[end - 1] === 0) end--;
    const prefixes = [0, 1, 2, 3].map((k) => foldAll(entries.slice(0, k)));
    let damaged = 0;
    let torn = 0;
    for (let i = 0; i < end + 8; i++) {
      const c = Buffer.from(clean);
      c[i] = c[i]! ^ 0x10;
      fs.writeFileSync(file, c);
      fs.rmSync(path.join(dir, 'quarantine'), { recursive: true, force: true });
      const s = await openLedgerStore(dir);
      const rec = await s.recover(id);
      if (!rec.ok) {
        expect(rec.error.kind, `flip at ${i}`).toBe('transcript-damaged');
        expect(rec.error.message).toMatch(/not be resumed automatically/);
        expect(s.writerState(id)).toBe('damaged');
        const a = await s.append(id, [sampleEntry(9)]);
        expect(a.status).toBe('failed');
        damaged++;
      } else {
        // only a torn tail (last record or the zero region) may read as valid-with-report
        expect(rec.value.tornTail, `flip at ${i}`).not.toBeNull();
        expect(prefixes).toContainEqual(rec.value.state);
        torn++;
      }
      await s.close();
    }
    expect(damaged).toBeGreaterThan(0);
    expect(torn).toBeGreaterThan(0);
  });
});

describe('schema gate', () => {
  it('a record with a valid frame but a payload the codec refuses marks the swap damaged', async () => {
    const t = tempDir('schema');
    cleanups.push(t.cleanup);
    const id = newSwapId();
    const s1 = await openLedgerStore(t.dir);
    await s1.create(id);
    await appendAll(s1, id, [[sampleEntry(0)], [sampleEntry(1)]]);
    await s1.close();
    // forge record 3 with the file's own salt: the frame checks out, the payload does not
    const file = transcriptPath(t.dir, id);
    const img = new Uint8Array(fs.readFileSync(file));
    const h = decodeFileHeader(img);
    if (!h.ok) throw new Error('setup: header');
    const scan = scanTranscript(img);
    if (!scan.ok) throw new Error('setup: scan');
    encodeFrame(img, scan.value.dataEnd, h.value, { seq: 3, type: 99, stepEnd: true, payload: Uint8Array.of(1, 2, 3) });
    fs.writeFileSync(file, img);
    const s2 = await openLedgerStore(t.dir);
    cleanups.push(() => s2.close());
    const rec = await s2.recover(id);
    expect(!rec.ok && rec.error.kind).toBe('transcript-damaged');
    expect(!rec.ok && rec.error.message).toMatch(/seq 3 does not decode/);
    expect((await s2.append(id, [sampleEntry(2)])).status).toBe('failed');
  });
});

describe('swap index', () => {
  it('lists swaps with role and outcome, rebuilds a missing or corrupt index, refreshes a stale entry', async () => {
    const { dir, store } = await setup('index');
    const a = newSwapId();
    const b = newSwapId();
    await store.create(a);
    await store.create(b);
    await appendAll(store, a, [[{ kind: 'open', role: 'alice' }], [{ kind: 'close', outcome: 'swapped' }]]);
    await appendAll(store, b, [[{ kind: 'open', role: 'bob' }]]);
    const want = (outcomeB: string | null) =>
      [
        { swapId: a, lastSeq: 2, role: 'alice', outcome: 'swapped', damaged: null, settled: true, afterEnd: null },
        { swapId: b, lastSeq: outcomeB ? 2 : 1, role: 'bob', outcome: outcomeB, damaged: null, settled: outcomeB !== null, afterEnd: null },
      ].sort((x, y) => (x.swapId < y.swapId ? -1 : 1));
    const sorted = (l: readonly { swapId: string }[]) => [...l].sort((x, y) => (x.swapId < y.swapId ? -1 : 1));
    const l1 = await store.listSwaps();
    expect(l1.ok && sorted(l1.value)).toEqual(want(null));
    expect(fs.existsSync(path.join(dir, 'index.json'))).toBe(true);
    await appendAll(store, b, [[{ kind: 'close', outcome: 'refunded' }]]);
    await store.close();

    // stale on disk: b was appended after the index was written
    const s2 = await openLedgerStore(dir);
    const l2 = await s2.listSwaps();
    expect(l2.ok && sorted(l2.value)).toEqual(want('refunded'));
    await s2.close();

    fs.writeFileSync(path.join(dir, 'index.json'), '{"version":2,"crc":1,"swaps":[]}');
    const s3 = await openLedgerStore(dir);
    const l3 = await s3.listSwaps();
    expect(l3.ok && sorted(l3.value)).toEqual(want('refunded'));
    await s3.close();

    fs.rmSync(path.join(dir, 'index.json'));
    const s4 = await openLedgerStore(dir);
    cleanups.push(() => s4.close());
    const l4 = await s4.listSwaps();
    expect(l4.ok && sorted(l4.value)).toEqual(want('refunded'));
    // the listing closed the files it opened; appending afterwards reopens at the right seq
    expect(await s4.append(a, [{ kind: 'note', text: 'after listing' }])).toEqual({ status: 'durable', firstSeq: 3, lastSeq: 3 });
    const l5 = await s4.listSwaps();
    expect(l5.ok && l5.value.find((x) => x.swapId === a)?.lastSeq).toBe(3);
  });

  it('a settled swap is listed from the index alone: its transcript is not opened, read or folded at start', async () => {
    const { dir, store } = await setup('index-settled');
    const [a, b, c] = [newSwapId(), newSwapId(), newSwapId()];
    for (const id of [a, b, c]) await store.create(id);
    await appendAll(store, a, [[{ kind: 'open', role: 'alice' }], [{ kind: 'close', outcome: 'swapped' }]]);
    await appendAll(store, b, [[{ kind: 'open', role: 'bob' }]]);
    await appendAll(store, c, [[{ kind: 'open', role: 'bob' }]]);
    expect((await store.listSwaps()).ok).toBe(true);
    // c ends after the listing: marked at once (what the daemon does at the outcome), durably
    await appendAll(store, c, [[{ kind: 'close', outcome: 'refunded' }]]);
    const notYet = await store.markEnded(b, foldAll([{ kind: 'open', role: 'bob' }]));
    expect(!notYet.ok && notYet.error.kind).toBe('invalid-argument');
    const m = await store.markEnded(c, foldAll([{ kind: 'open', role: 'bob' }, { kind: 'close', outcome: 'refunded' }]));
    expect(m.ok).toBe(true);
    await store.close();

    const touched: string[] = [];
    const counting = { ...nodeFs };
    for (const op of ['readFile', 'readAt', 'open'] as const) {
      const real = nodeFs[op] as (p: string, ...r: never[]) => Promise<never>;
      (counting as Record<string, unknown>)[op] = (p: string, ...rest: never[]) => {
        if (p.includes(`${path.sep}transcripts${path.sep}`)) touched.push(path.basename(p, '.fct'));
        return real(p, ...rest);
      };
    }
    const s2 = await openTranscriptStore({ dir, fs: counting, ...ledgerPorts });
    if (!s2.ok) throw new Error(s2.error.message);
    cleanups.push(() => s2.value.close());
    const l = await s2.value.listSwaps();
    expect(l.ok && [...l.value].sort((x, y) => (x.swapId < y.swapId ? -1 : 1))).toEqual(
      [
        { swapId: a, lastSeq: 2, role: 'alice', outcome: 'swapped', damaged: null, settled: true, afterEnd: null },
        { swapId: b, lastSeq: 1, role: 'bob', outcome: null, damaged: null, settled: false, afterEnd: null },
        { swapId: c, lastSeq: 2, role: 'bob', outcome: 'refunded', damaged: null, settled: true, afterEnd: null },
      ].sort((x, y) => (x.swapId < y.swapId ? -1 : 1)),
    );
    expect(touched).toEqual([b]); // only the unsettled one is probed for freshness
  });

  it('marks a damaged swap in the listing with the advice, and keeps listing the others', async () => {
    const { dir, store } = await setup('index-dmg');
    const a = newSwapId();
    const b = newSwapId();
    await store.create(a);
    await store.create(b);
    await appendAll(store, a, [[sampleEntry(0)], [sampleEntry(1)], [sampleEntry(2)]]);
    await appendAll(store, b, [[sampleEntry(0)]]);
    await store.close();
    const file = transcriptPath(dir, a);
    const img = fs.readFileSync(file);
    img[FILE_HEADER_SIZE + 12] = img[FILE_HEADER_SIZE + 12]! ^ 0xff; // inside record 1: valid records follow
    fs.writeFileSync(file, img);
    const s2 = await openLedgerStore(dir);
    cleanups.push(() => s2.close());
    const l = await s2.listSwaps();
    expect(l.ok).toBe(true);
    if (!l.ok) return;
    expect(l.value.find((x) => x.swapId === a)?.damaged).toMatch(/not be resumed automatically/);
    expect(l.value.find((x) => x.swapId === b)).toMatchObject({ lastSeq: 1, damaged: null });
  });
});
