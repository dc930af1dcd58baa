// The durable transcript store: per-swap append-only files with group commit, checkpoints,
// recovery and a rebuildable swap index, behind one writer lock. Invariant: an append resolves
// `durable` only after its bytes are fdatasynced, and nothing invalid is ever folded into a state.
import path from 'node:path';
import { fromHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { decodeCheckpoint, listCheckpoints, writeCheckpoint } from './checkpoint-file';
import { MAX_PAYLOAD, encodeFrame, frameSize, scanTranscript, FILE_HEADER_SIZE, RECORD_PREFIX, type Scan } from './record-frame-codec';
import { errnoOf, nodeFs, type StoreFs } from './store-fs';
import type { StorePorts, SwapSummary } from './store-ports';
import { createSwapFile, ensureCapacity, openSwapFile, type SwapFile, type TornTailReport } from './swap-file';
import { loadIndex, saveIndex, type IndexEntry } from './transcript-index';
import { acquireWriterLock, type WriterLock } from './writer-lock';

export type StoreErrorKind =
  | 'store-locked'
  | 'store-closed'
  | 'transcript-damaged'
  | 'io-failed'
  | 'disk-full'
  | 'swap-unknown'
  | 'swap-exists'
  | 'invalid-entry'
  | 'invalid-argument';
export type StoreError = AppError<StoreErrorKind>;

/** durable: on disk, act on it. failed: not acknowledged; the swap must emit nothing and stop. */
export type AppendOutcome =
  | { readonly status: 'durable'; readonly firstSeq: number; readonly lastSeq: number }
  | { readonly status: 'failed'; readonly error: StoreError };

/** idle: everything acknowledged; pending: appends in flight (emit nothing); failed/damaged: stop. */
export type WriterState = 'idle' | 'pending' | 'failed' | 'damaged' | 'unopened';

export interface TranscriptEntry<E> {
  readonly seq: number;
  readonly entry: E;
  readonly stepEnd: boolean;
}

export interface Recovered<S> {
  readonly state: S;
  readonly lastSeq: number;
  readonly from: { readonly kind: 'checkpoint'; readonly seq: number } | { readonly kind: 'start' };
  /** Checkpoints that were skipped, and why (recovery fell back to an older one or the full fold). */
  readonly checkpointProblems: readonly string[];
  readonly tornTail: TornTailReport | null;
}

export interface SwapListing extends SwapSummary {
  readonly swapId: string;
  readonly lastSeq: number;
  readonly damaged: string | null;
}

export interface TranscriptStore<E, S> {
  readonly dir: string;
  create(swapId: SwapId): Promise<Result<void, StoreError>>;
  /** Appends one step (its last record carries the step-end flag); resolves when durable or failed. */
  append(swapId: SwapId, step: readonly E[]): Promise<AppendOutcome>;
  writerState(swapId: SwapId): WriterState;
  read(swapId: SwapId): Promise<Result<{ entries: readonly TranscriptEntry<E>[]; tornTail: TornTailReport | null }, StoreError>>;
  recover(swapId: SwapId): Promise<Result<Recovered<S>, StoreError>>;
  checkpoint(swapId: SwapId, state: S, seq: number): Promise<Result<{ path: string }, StoreError>>;
  listSwaps(): Promise<Result<readonly SwapListing[], StoreError>>;
  /**
   * Records in the index, durably, how a finished swap ended (`summarize(state)`: settled, or what
   * stands after its end; the state folded from its durable records): later starts list it from the
   * index (a settled one without opening its transcript). Only a cache write: a failure costs one fold
   * at the next start, never a wrong state.
   */
  markEnded(swapId: SwapId, state: S): Promise<Result<void, StoreError>>;
  close(): Promise<void>;
}

export interface OpenOptions<E, S> extends StorePorts<E, S> {
  readonly dir: string;
  readonly fs?: StoreFs;
}

interface Pending {
  readonly bytes: Uint8Array;
  readonly offset: number;
  readonly end: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly resolve: (o: AppendOutcome) => void;
}

interface Writer {
  readonly swapHex: string;
  readonly idBytes: Uint8Array;
  readonly file: SwapFile;
  nextSeq: number;
  reservedEnd: number;
  durableSeq: number;
  durableEnd: number;
  queue: Pending[];
  inFlight: number;
  failed: StoreError | null;
  tornTail: TornTailReport | null;
  /** Closed after a listing opened it; an append that finds it retired opens a fresh one. */
  retired: boolean;
  flushScheduled: boolean;
  flushing: Promise<void> | null;
  /** The scan made when opening, reused by the first read if nothing was appended since (cold start reads once). */
  openScan: Scan | null;
}

const DAMAGED_ADVICE =
  'It will not be resumed automatically. Keep the data directory as it is and make a copy of it; ' +
  'then restore this transcript from a backup or open the swap in manual recovery. The swap keys and timelocks still allow a refund.';

const damagedError = (swapHex: string, file: string, reason: string): StoreError =>
  appError('transcript-damaged', `swap ${swapHex}: transcript ${file} is damaged (${reason}). ${DAMAGED_ADVICE}`);

function ioError(e: unknown, what: string): StoreError {
  const code = errnoOf(e);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return appError('disk-full', `${what}: the disk is full (${code}). Free some space, then restart the wallet; nothing was acted on.`);
  }
  return appError('io-failed', `${what}: ${code ?? String(e)}. Check the disk, then restart the wallet; nothing was acted on.`);
}

export async function openTranscriptStore<E, S>(opts: OpenOptions<E, S>): Promise<Result<TranscriptStore<E, S>, StoreError>> {
  const fsx = opts.fs ?? nodeFs;
  try {
    await fsx.mkdir(opts.dir);
  } catch (e) {
    return err(ioError(e, `cannot create ${opts.dir}`));
  }
  const lock = acquireWriterLock(opts.dir);
  if (!lock.ok) return err(appError(lock.error.kind, lock.error.message));
  const store = new Store<E, S>(opts, fsx, lock.value);
  try {
    for (const sub of [store.transcriptsDir, store.checkpointsDir, store.quarantineDir]) await fsx.mkdir(sub);
  } catch (e) {
    lock.value.release();
    return err(ioError(e, 'cannot create the store folders'));
  }
  return ok(store);
}

const SWAP_HEX = /^[0-9a-f]{32}$/;

class Store<E, S> implements TranscriptStore<E, S> {
  readonly dir: string;
  readonly transcriptsDir: string;
  readonly checkpointsDir: string;
  readonly quarantineDir: string;
  private readonly writers = new Map<string, Promise<Result<Writer, StoreError>>>();
  private readonly opened = new Map<string, Writer>();
  private readonly damaged = new Map<string, StoreError>();
  private index: Map<string, IndexEntry> | null = null;
  /** Index saves run one after another on this chain; changes are numbered to know which a save covered. */
  private indexChain: Promise<void> = Promise.resolve();
  private indexWanted = 0;
  private indexSaved = 0;
  /** markEnded calls under way: close waits for them, so no index write outlives the lock. */
  private readonly marks = new Set<Promise<unknown>>();
  private closed = false;
  /** Appends called and not yet resolved, per swap: counted from the call, so 'pending' is never missed. */
  private readonly inProgress = new Map<string, number>();

  constructor(
    private readonly opts: OpenOptions<E, S>,
    private readonly fsx: StoreFs,
    private readonly lock: WriterLock,
  ) {
    this.dir = opts.dir;
    this.transcriptsDir = path.join(opts.dir, 'transcripts');
    this.checkpointsDir = path.join(opts.dir, 'checkpoints');
    this.quarantineDir = path.join(opts.dir, 'quarantine');
  }

  private filePath(swapHex: string) {
    return path.join(this.transcriptsDir, `${swapHex}.fct`);
  }

  private checkId(swapId: SwapId): StoreError | null {
    if (this.closed) return appError('store-closed', 'the transcript store is closed');
    if (!SWAP_HEX.test(swapId)) return appError('invalid-argument', `not a swap id: ${String(swapId).slice(0, 40)}`);
    return null;
  }

  async create(swapId: SwapId): Promise<Result<void, StoreError>> {
    const bad = this.checkId(swapId);
    if (bad) return err(bad);
    if (this.writers.has(swapId)) return err(appError('swap-exists', `swap ${swapId} already has a transcript`));
    const names = await this.fsx.readdir(this.transcriptsDir);
    if (names.includes(`${swapId}.fct`)) return err(appError('swap-exists', `swap ${swapId} already has a transcript`));
    const idBytes = fromHex(swapId);
    const p = createSwapFile(this.fsx, this.transcriptsDir, swapId, idBytes).then(
      (file): Result<Writer, StoreError> => {
        const w = newWriter(swapId, idBytes, file, 1, FILE_HEADER_SIZE, null);
        this.opened.set(swapId, w);
        return ok(w);
      },
      (e: unknown) => err(ioError(e, `cannot create the transcript of swap ${swapId}`)),
    );
    this.writers.set(swapId, p);
    const r = await p;
    if (!r.ok) this.writers.delete(swapId);
    return r.ok ? ok(undefined) : r;
  }

  /** The current writer of a swap, after the id check: a retired writer is replaced by its successor. */
  private async liveWriter(swapId: SwapId): Promise<Result<Writer, StoreError>> {
    const bad = this.checkId(swapId);
    if (bad) return err(bad);
    let wr = await this.writer(swapId);
    while (wr.ok && wr.value.retired) wr = await this.writer(swapId);
    return wr;
  }

  /** Opens (once) the writer of an existing transcript, quarantining a torn tail. */
  private writer(swapHex: string): Promise<Result<Writer, StoreError>> {
    const known = this.writers.get(swapHex);
    if (known) return known;
    const p = this.openWriter(swapHex);
    this.writers.set(swapHex, p);
    return p;
  }

  private async openWriter(swapHex: string): Promise<Result<Writer, StoreError>> {
    const file = this.filePath(swapHex);
    const names = await this.fsx.readdir(this.transcriptsDir);
    if (!names.includes(`${swapHex}.fct`)) {
      this.writers.delete(swapHex);
      return err(appError('swap-unknown', `no transcript for swap ${swapHex}`));
    }
    try {
      const o = await openSwapFile(this.fsx, file, this.quarantineDir, swapHex);
      if (o.kind === 'damaged') {
        const e = damagedError(swapHex, file, o.reason);
        this.damaged.set(swapHex, e);
        return err(e);
      }
      const last = o.scan.records[o.scan.records.length - 1];
      const w = newWriter(swapHex, fromHex(swapHex), o.file, (last?.seq ?? 0) + 1, o.scan.dataEnd, o.tornTail);
      w.openScan = o.scan;
      this.opened.set(swapHex, w);
      return ok(w);
    } catch (e) {
      this.writers.delete(swapHex); // an I/O error is not damage: let a later call retry
      return err(ioError(e, `cannot open the transcript of swap ${swapHex}`));
    }
  }

  writerState(swapId: SwapId): WriterState {
    if (this.damaged.has(swapId)) return 'damaged';
    const w = this.opened.get(swapId);
    if (w?.failed) return 'failed';
    if ((this.inProgress.get(swapId) ?? 0) > 0) return 'pending';
    return w ? 'idle' : 'unopened';
  }

  append(swapId: SwapId, step: readonly E[]): Promise<AppendOutcome> {
    this.inProgress.set(swapId, (this.inProgress.get(swapId) ?? 0) + 1);
    return this.appendStep(swapId, step).finally(() => {
      const n = (this.inProgress.get(swapId) ?? 1) - 1;
      if (n === 0) this.inProgress.delete(swapId);
      else this.inProgress.set(swapId, n);
    });
  }

  private async appendStep(swapId: SwapId, step: readonly E[]): Promise<AppendOutcome> {
    const failed = (error: StoreError): AppendOutcome => ({ status: 'failed', error });
    const bad = this.checkId(swapId);
    if (bad) return failed(bad);
    if (step.length === 0) return failed(appError('invalid-argument', 'a step has at least one entry'));
    // Encode and check before touching the file: a bad entry changes nothing.
    const frames: { type: number; payload: Uint8Array }[] = [];
    for (const entry of step) {
      let f: { type: number; payload: Uint8Array };
      try {
        f = this.opts.codec.encode(entry);
      } catch (e) {
        return failed(appError('invalid-entry', `entry cannot be encoded: ${String(e)}`));
      }
      if (!Number.isInteger(f.type) || f.type < 0 || f.type > 255) return failed(appError('invalid-entry', `record type ${f.type} is not a byte`));
      if (f.payload.length > MAX_PAYLOAD) return failed(appError('invalid-entry', `entry of ${f.payload.length} bytes exceeds ${MAX_PAYLOAD}`));
      frames.push(f);
    }
    const wr = await this.liveWriter(swapId);
    if (!wr.ok) return failed(wr.error);
    const w = wr.value;
    const damage = this.damaged.get(swapId);
    if (damage) return failed(damage);
    if (w.failed) return failed(w.failed);
    if (this.closed) return failed(appError('store-closed', 'the transcript store is closed'));
    if (w.nextSeq + frames.length - 1 > 0xffffffff) return failed(appError('invalid-argument', 'sequence numbers exhausted'));
    // With the seqs known, the codec may check ids the entries carry (still before any byte is written).
    for (const [i, f] of frames.entries()) {
      const at = this.opts.codec.decode(f.type, f.payload, { swapId, seq: w.nextSeq + i });
      if (!at.ok) return failed(appError('invalid-entry', `entry ${i} would not read back as seq ${w.nextSeq + i}: ${at.error.message}`));
    }
    const size = frames.reduce((n, f) => n + frameSize(f.payload.length), 0);
    const bytes = new Uint8Array(size);
    let at = 0;
    const firstSeq = w.nextSeq;
    frames.forEach((f, i) => {
      at = encodeFrame(bytes, at, w.file.header, { seq: firstSeq + i, type: f.type, stepEnd: i === frames.length - 1, payload: f.payload });
    });
    const offset = w.reservedEnd;
    w.reservedEnd += size;
    w.nextSeq += frames.length;
    w.inFlight++;
    return new Promise<AppendOutcome>((resolve) => {
      w.queue.push({ bytes, offset, end: offset + size, firstSeq, lastSeq: firstSeq + frames.length - 1, resolve });
      this.scheduleFlush(w);
    });
  }

  // Group commit: appends that arrive while a swap's batch is on its way to disk form its next batch,
  // gathered over one turn of the event loop; each dirty file gets one write and one fdatasync per
  // batch. Files flush independently, so one slow file (growing, say) never holds back the others,
  // and their fdatasyncs run side by side on libuv's pool.
  private scheduleFlush(w?: Writer) {
    const targets = w ? [w] : [...this.opened.values()].filter((x) => x.queue.length > 0);
    for (const t of targets) {
      if (t.flushScheduled || t.flushing) continue;
      t.flushScheduled = true;
      setImmediate(() => {
        t.flushScheduled = false;
        t.flushing = this.flushWriter(t).finally(() => {
          t.flushing = null;
          if (t.queue.length > 0) this.scheduleFlush(t);
        });
      });
    }
  }

  private async flushWriter(w: Writer): Promise<void> {
    const batch = w.queue.splice(0);
    if (batch.length === 0) return;
    const settle = (o: AppendOutcome) => {
      for (const p of batch) {
        w.inFlight--;
        p.resolve(o.status === 'durable' ? { status: 'durable', firstSeq: p.firstSeq, lastSeq: p.lastSeq } : o);
      }
    };
    if (w.failed) return settle({ status: 'failed', error: w.failed });
    const first = batch[0]!;
    const last = batch[batch.length - 1]!;
    let data = first.bytes;
    if (batch.length > 1) {
      data = new Uint8Array(last.end - first.offset);
      for (const p of batch) data.set(p.bytes, p.offset - first.offset);
    }
    try {
      await ensureCapacity(this.fsx, w.file, last.end);
      await this.fsx.write(w.file.fd, data, first.offset);
      await this.fsx.fdatasync(w.file.fd);
    } catch (e) {
      // After a failed write or fdatasync the page cache can no longer be trusted (fsyncgate):
      // this writer stays failed until the store is reopened and the file rescanned.
      w.failed = ioError(e, `append to swap ${w.swapHex} failed`);
      return settle({ status: 'failed', error: w.failed });
    }
    w.durableEnd = last.end;
    w.durableSeq = last.lastSeq;
    settle({ status: 'durable', firstSeq: 0, lastSeq: 0 });
  }

  async read(swapId: SwapId): Promise<Result<{ entries: readonly TranscriptEntry<E>[]; tornTail: TornTailReport | null }, StoreError>> {
    const rr = await this.readRecords(swapId);
    if (!rr.ok) return rr;
    const entries = rr.value.decodeAfter(0);
    return entries.ok ? ok({ entries: entries.value, tornTail: rr.value.tornTail }) : entries;
  }

  /**
   * Reads and frame-checks every acknowledged record; decoding is deferred so that recovery from a
   * checkpoint decodes only the entries it replays (the CRC already vouches for the older ones).
   */
  private async readRecords(swapId: SwapId): Promise<
    Result<
      {
        lastSeq: number;
        tornTail: TornTailReport | null;
        decodeAfter: (seq: number) => Result<TranscriptEntry<E>[], StoreError>;
      },
      StoreError
    >
  > {
    const wr = await this.liveWriter(swapId);
    if (!wr.ok) return wr;
    const w = wr.value;
    let scanned: ReturnType<typeof scanTranscript>;
    if (w.openScan && w.openScan.dataEnd === w.durableEnd) {
      scanned = { ok: true, value: w.openScan };
    } else {
      let image: Uint8Array;
      try {
        image = await this.fsx.readFile(w.file.path);
      } catch (e) {
        return err(ioError(e, `cannot read the transcript of swap ${swapId}`));
      }
      scanned = scanTranscript(image);
    }
    w.openScan = null;
    const fail = (reason: string) => {
      const e = damagedError(swapId, w.file.path, reason);
      this.damaged.set(swapId, e);
      return err(e);
    };
    if (!scanned.ok) return fail(scanned.error.message);
    if (scanned.value.end.kind === 'damaged') return fail(scanned.value.end.reason);
    // records written but not yet acknowledged are not part of the transcript yet
    const records = scanned.value.records.filter((r) => r.end <= w.durableEnd);
    const lastSeq = records[records.length - 1]?.seq ?? 0;
    if (lastSeq !== w.durableSeq) return fail(`acknowledged records up to seq ${w.durableSeq} but only ${lastSeq} are readable`);
    const decodeAfter = (after: number): Result<TranscriptEntry<E>[], StoreError> => {
      const entries: TranscriptEntry<E>[] = [];
      for (let i = after; i < records.length; i++) {
        const r = records[i]!; // records[i].seq === i + 1: the scan enforces consecutive seqs from 1
        const d = this.opts.codec.decode(r.type, r.payload, { swapId, seq: r.seq });
        if (!d.ok) return fail(`record seq ${r.seq} does not decode: ${d.error.message}`);
        entries.push({ seq: r.seq, entry: d.value, stepEnd: r.stepEnd });
      }
      return ok(entries);
    };
    return ok({ lastSeq, tornTail: w.tornTail, decodeAfter });
  }

  async recover(swapId: SwapId): Promise<Result<Recovered<S>, StoreError>> {
    const rd = await this.readRecords(swapId);
    if (!rd.ok) return rd;
    const { lastSeq, tornTail, decodeAfter } = rd.value;
    const { fold, stateCodec } = this.opts;
    const problems: string[] = [];
    const idBytes = fromHex(swapId);
    let cks: { seq: number; path: string }[] = [];
    try {
      cks = await listCheckpoints(this.fsx, this.checkpointsDir, swapId);
    } catch (e) {
      problems.push(`checkpoints unreadable (${errnoOf(e) ?? String(e)})`);
    }
    for (const c of cks) {
      let bytes: Uint8Array;
      try {
        bytes = await this.fsx.readFile(c.path);
      } catch (e) {
        problems.push(`${path.basename(c.path)}: unreadable (${errnoOf(e) ?? String(e)})`);
        continue;
      }
      const d = decodeCheckpoint(bytes, idBytes);
      if (!d.ok) {
        problems.push(`${path.basename(c.path)}: ${d.reason}`);
        continue;
      }
      if (d.value.seq !== c.seq) {
        problems.push(`${path.basename(c.path)}: names seq ${c.seq} but covers ${d.value.seq}`);
        continue;
      }
      if (d.value.seq > lastSeq) {
        // A checkpoint is written only after its entries are durable: the transcript lost acknowledged records.
        const e = damagedError(swapId, this.filePath(swapId), `checkpoint covers seq ${d.value.seq} but the transcript ends at seq ${lastSeq}`);
        this.damaged.set(swapId, e);
        return err(e);
      }
      const st = stateCodec.decode(d.value.state);
      if (!st.ok) {
        problems.push(`${path.basename(c.path)}: state does not decode (${st.error.message})`);
        continue;
      }
      const later = decodeAfter(d.value.seq);
      if (!later.ok) return later;
      let state = st.value;
      for (const en of later.value) state = fold.apply(state, en.entry);
      return ok({ state, lastSeq, from: { kind: 'checkpoint', seq: d.value.seq }, checkpointProblems: problems, tornTail });
    }
    const all = decodeAfter(0);
    if (!all.ok) return all;
    let state = fold.initial;
    for (const en of all.value) state = fold.apply(state, en.entry);
    return ok({ state, lastSeq, from: { kind: 'start' }, checkpointProblems: problems, tornTail });
  }

  async checkpoint(swapId: SwapId, state: S, seq: number): Promise<Result<{ path: string }, StoreError>> {
    const wr = await this.liveWriter(swapId);
    if (!wr.ok) return wr;
    const w = wr.value;
    if (!Number.isInteger(seq) || seq < 1 || seq > w.durableSeq) {
      return err(appError('invalid-argument', `checkpoint seq ${seq} is not a durable record of swap ${swapId} (last durable: ${w.durableSeq})`));
    }
    let bytes: Uint8Array;
    try {
      bytes = this.opts.stateCodec.encode(state);
    } catch (e) {
      return err(appError('invalid-argument', `state cannot be encoded: ${String(e)}`));
    }
    try {
      const p = await writeCheckpoint(this.fsx, this.checkpointsDir, swapId, w.idBytes, seq, bytes);
      return ok({ path: p });
    } catch (e) {
      return err(ioError(e, `checkpoint of swap ${swapId} failed`));
    }
  }

  async listSwaps(): Promise<Result<readonly SwapListing[], StoreError>> {
    if (this.closed) return err(appError('store-closed', 'the transcript store is closed'));
    let names: string[];
    try {
      names = await this.fsx.readdir(this.transcriptsDir);
    } catch (e) {
      return err(ioError(e, 'cannot list transcripts'));
    }
    const ids = names.flatMap((n) => (n.endsWith('.fct') && SWAP_HEX.test(n.slice(0, -4)) ? [n.slice(0, -4)] : []));
    const idx = await this.loadedIndex();
    const present = new Set(ids);
    let changed = false;
    for (const k of [...idx.keys()]) {
      if (!present.has(k)) {
        idx.delete(k);
        changed = true;
      }
    }
    const fresh = await Promise.all(ids.map((id) => this.indexEntryIsFresh(idx.get(id))));
    for (let i = 0; i < ids.length; i++) {
      if (fresh[i]) continue;
      const id = ids[i]!;
      idx.set(id, await this.rebuildEntry(id));
      changed = true;
    }
    if (changed) await this.persistIndex(); // the index is a cache: a failed save only costs a rebuild next time
    return ok(ids.map((id) => idx.get(id)!).map(({ swapId, lastSeq, role, outcome, damaged, settled, afterEnd }) => ({ swapId, lastSeq, role, outcome, damaged, settled, afterEnd })));
  }

  markEnded(swapId: SwapId, state: S): Promise<Result<void, StoreError>> {
    const p = this.markEndedNow(swapId, state);
    this.marks.add(p);
    return p.finally(() => this.marks.delete(p));
  }

  private async markEndedNow(swapId: SwapId, state: S): Promise<Result<void, StoreError>> {
    const bad = this.checkId(swapId);
    if (bad) return err(bad);
    const s = this.opts.summarize(state);
    if (!s.settled && s.afterEnd === null) return err(appError('invalid-argument', `swap ${swapId} has not ended`));
    const w = this.opened.get(swapId);
    if (!w || w.failed || this.damaged.has(swapId)) return err(appError('swap-unknown', `swap ${swapId} has no open, sound transcript to mark`));
    const idx = await this.loadedIndex();
    idx.set(swapId, { swapId, lastSeq: w.durableSeq, dataEnd: w.durableEnd, role: s.role, outcome: s.outcome, damaged: null, settled: s.settled, afterEnd: s.afterEnd });
    const e = await this.persistIndex();
    return e ? err(e) : ok(undefined);
  }

  private async loadedIndex(): Promise<Map<string, IndexEntry>> {
    this.index ??= (await loadIndex(this.fsx, this.dir)) ?? new Map();
    return this.index;
  }

  /**
   * Saves the index (atomic replace, synced), one save at a time (they share a temp file). Calls queued
   * behind a running save are covered together by the next one: each call resolves once a save that
   * began after its change finished, with that save's error if it failed.
   */
  private async persistIndex(): Promise<StoreError | null> {
    const gen = ++this.indexWanted;
    const mine = this.indexChain.then(async () => {
      if (this.indexSaved >= gen) return null;
      const covers = this.indexWanted;
      try {
        await saveIndex(this.fsx, this.dir, (this.index ?? new Map<string, IndexEntry>()).values());
        this.indexSaved = covers;
        return null;
      } catch (e) {
        return ioError(e, 'cannot save the swap index');
      }
    });
    this.indexChain = mine.then(() => undefined);
    const e = await mine;
    return this.indexSaved >= gen ? null : (e ?? appError('io-failed', 'the swap index was not saved'));
  }

  private async indexEntryIsFresh(e: IndexEntry | undefined): Promise<boolean> {
    if (!e) return false;
    if (this.damaged.has(e.swapId)) return e.damaged !== null;
    if (e.damaged !== null) return false; // retry: the file may have been restored
    const w = this.opened.get(e.swapId);
    if (w) return w.durableEnd === e.dataEnd;
    // Settled is final (the swap never acts again): its transcript is not even opened.
    if (e.settled) return true;
    try {
      // Fresh iff nothing but zeros follows the indexed end: an append since then would show here.
      const probe = await this.fsx.readAt(this.filePath(e.swapId), e.dataEnd, RECORD_PREFIX);
      return probe.length === 0 || probe.every((b) => b === 0);
    } catch {
      return false;
    }
  }

  private async rebuildEntry(swapHex: string): Promise<IndexEntry> {
    const wasOpen = this.writers.has(swapHex);
    const r = await this.recover(swapHex as SwapId);
    if (!r.ok) return { swapId: swapHex, lastSeq: 0, dataEnd: 0, role: null, outcome: null, damaged: r.error.message, settled: false, afterEnd: null };
    const s = this.opts.summarize(r.value.state);
    const w = this.opened.get(swapHex)!;
    const entry = { swapId: swapHex, lastSeq: r.value.lastSeq, dataEnd: w.durableEnd, role: s.role, outcome: s.outcome, damaged: null, settled: s.settled, afterEnd: s.afterEnd };
    if (!wasOpen) await this.retire(w); // a listing must not keep a thousand files open
    return entry;
  }

  private async retire(w: Writer): Promise<void> {
    if (w.inFlight > 0 || w.queue.length > 0 || w.failed) return;
    w.retired = true;
    this.opened.delete(w.swapHex);
    this.writers.delete(w.swapHex);
    await this.fsx.close(w.file.fd).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (;;) {
      const busy = [...this.opened.values()].filter((w) => w.flushScheduled || w.flushing !== null || w.queue.length > 0);
      if (busy.length === 0) break;
      await Promise.all(busy.map((w) => w.flushing ?? new Promise((r) => setImmediate(r))));
    }
    await Promise.all(this.marks);
    await this.indexChain;
    for (const w of this.opened.values()) await this.fsx.close(w.file.fd).catch(() => undefined);
    this.opened.clear();
    this.writers.clear();
    this.lock.release();
  }
}

function newWriter(swapHex: string, idBytes: Uint8Array, file: SwapFile, nextSeq: number, dataEnd: number, tornTail: TornTailReport | null): Writer {
  return {
    swapHex,
    idBytes,
    file,
    nextSeq,
    reservedEnd: dataEnd,
    durableSeq: nextSeq - 1,
    durableEnd: dataEnd,
    queue: [],
    inFlight: 0,
    failed: null,
    tornTail,
    retired: false,
    openScan: null,
    flushScheduled: false,
    flushing: null,
  };
}
