// ENOSPC and EIO on append: injected at the fs layer (write, growth, fdatasync) and for real on a tiny
// tmpfs. Invariant: the failing append resolves `failed` with a typed error, every later append of
// that swap fails too (emit nothing), acknowledged records stay readable, and a reopen recovers them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { withFaults, type Fault } from '../../rigs/store/faulty-fs';
import { sampleEntry, type LedgerEntry } from '../../rigs/store/sample-ledger';
import { nodeFs, type FsOp } from './store-fs';
import { foldAll, newSwapId, openLedgerStore, tempDir } from '../../rigs/store/store-test-helpers';
import type { TranscriptStore } from './transcript-store';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fault fs whose next call of `op` fails once `arm` is called. */
function armable() {
  let armed: { op: FsOp; fault: Fault } | null = null;
  const fsx = withFaults(nodeFs, (op) => {
    if (armed && armed.op === op) {
      const f = armed.fault;
      armed = null;
      return f;
    }
    return undefined;
  });
  return { fsx, arm: (op: FsOp, fault: Fault) => void (armed = { op, fault }) };
}

async function fill(store: TranscriptStore<LedgerEntry, unknown>, id: SwapId, from: number, count: number, noteBytes = 40) {
  for (let i = from; i < from + count; i++) {
    const r = await store.append(id, [sampleEntry(i, noteBytes)]);
    if (r.status !== 'durable') throw new Error(`setup append ${i}: ${r.error.message}`);
  }
}

async function expectStopsAndRecovers(dir: string, store: TranscriptStore<LedgerEntry, unknown>, id: SwapId, acked: number, kind: string, noteBytes = 40) {
  const failedAgain = await store.append(id, [sampleEntry(acked + 1, noteBytes)]);
  expect(failedAgain.status === 'failed' && failedAgain.error.kind, 'later appends of a failed swap fail too').toBe(kind);
  expect(store.writerState(id)).toBe('failed');
  const rd = await store.read(id);
  expect(rd.ok && rd.value.entries.length, 'still readable: exactly the acknowledged records').toBe(acked);
  await store.close();
  const again = await openLedgerStore(dir);
  cleanups.push(() => again.close());
  const rec = await again.recover(id);
  expect(rec.ok).toBe(true);
  if (!rec.ok) return;
  // the failed record may or may not have reached the disk; acknowledged ones must all be there
  expect(rec.value.lastSeq).toBeGreaterThanOrEqual(acked);
  expect(rec.value.lastSeq).toBeLessThanOrEqual(acked + 1);
  expect(rec.value.state).toEqual(foldAll(Array.from({ length: rec.value.lastSeq }, (_, i) => sampleEntry(i, noteBytes))));
}

describe('injected disk faults', () => {
  for (const [op, fault, kind] of [
    ['fdatasync', 'EIO', 'io-failed'],
    ['write', 'EIO', 'io-failed'],
    ['write', 'ENOSPC', 'disk-full'],
  ] as const) {
    it(`${fault} on ${op}: append fails with ${kind}, the swap stops, the store stays readable`, async () => {
      const t = tempDir(`fault-${op}`);
      cleanups.push(t.cleanup);
      const { fsx, arm } = armable();
      const store = await openLedgerStore(t.dir, fsx);
      cleanups.push(() => store.close());
      const id = newSwapId();
      const other = newSwapId();
      await store.create(id);
      await store.create(other);
      await fill(store, id, 0, 5);
      arm(op, fault);
      const r = await store.append(id, [sampleEntry(5)]);
      expect(r.status === 'failed' && r.error.kind).toBe(kind);
      expect(r.status === 'failed' && r.error.message).toMatch(/nothing was acted on/);
      // another swap is not affected
      expect((await store.append(other, [sampleEntry(0)])).status).toBe('durable');
      await expectStopsAndRecovers(t.dir, store, id, 5, kind);
    });
  }

  it('ENOSPC while growing the preallocation: fails before any record byte is written', async () => {
    const t = tempDir('fault-grow');
    cleanups.push(t.cleanup);
    const { fsx, arm } = armable();
    const store = await openLedgerStore(t.dir, fsx);
    cleanups.push(() => store.close());
    const id = newSwapId();
    await store.create(id);
    // 16 KiB first chunk, ~230-byte records: the 70th append needs to grow the file
    let acked = 0;
    for (; acked < 200; acked++) {
      const size = fs.statSync(path.join(t.dir, 'transcripts', `${id}.fct`)).size;
      if (size - 32 - (acked + 1) * 230 < 0) break;
      await fill(store, id, acked, 1, 200);
    }
    const before = fs.statSync(path.join(t.dir, 'transcripts', `${id}.fct`)).size;
    arm('write', 'ENOSPC');
    const r = await store.append(id, [sampleEntry(acked, 200)]);
    expect(r.status === 'failed' && r.error.kind).toBe('disk-full');
    expect(fs.statSync(path.join(t.dir, 'transcripts', `${id}.fct`)).size).toBe(before);
    await expectStopsAndRecovers(t.dir, store, id, acked, 'disk-full', 200);
  });
});

describe('a really full disk (tmpfs of 256 KiB)', () => {
  it('append and create fail with disk-full, acknowledged records survive a reopen', async (ctx) => {
    const t = tempDir('tmpfs');
    cleanups.push(t.cleanup);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', t.dir], { stdio: 'pipe' });
    } catch (e) {
      console.log(`SKIP tmpfs ENOSPC test: cannot mount a tmpfs here (${String(e).split('\n')[0]}); needs root`);
      ctx.skip();
      return;
    }
    cleanups.push(() => void execFileSync('umount', ['-l', t.dir]));
    const store = await openLedgerStore(t.dir);
    cleanups.push(() => store.close());
    const ids: SwapId[] = [];
    const acked = new Map<SwapId, number>();
    let failure: { kind: string } | null = null;
    // several swaps so both growth and create hit the limit
    for (let round = 0; round < 400 && !failure; round++) {
      if (round % 40 === 0) {
        const id = newSwapId();
        const c = await store.create(id);
        if (!c.ok) {
          failure = c.error;
          break;
        }
        ids.push(id);
        acked.set(id, 0);
      }
      for (const id of ids) {
        const n = acked.get(id)!;
        const r = await store.append(id, [sampleEntry(n, 900)]);
        if (r.status === 'failed') {
          failure = r.error;
          break;
        }
        acked.set(id, n + 1);
      }
    }
    expect(failure?.kind).toBe('disk-full');
    await store.close();
    const again = await openLedgerStore(t.dir);
    cleanups.push(() => again.close());
    for (const id of ids) {
      const rec = await again.recover(id);
      expect(rec.ok).toBe(true);
      if (rec.ok) expect(rec.value.lastSeq).toBeGreaterThanOrEqual(acked.get(id)!);
    }
    const list = await again.listSwaps();
    expect(list.ok && list.value.length).toBe(ids.length);
  });
});
