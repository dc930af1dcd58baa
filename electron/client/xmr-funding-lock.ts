// Alice selling XMR from the swap's funding wallet: when the daemon asks for the XMR lock, the client
// starts a background job per swap that retries the lock until the person's payment is spendable
// (10 confirmations), then sweeps what the lock left (the fee reserve's rest) back to the person;
// when the daemon withdraws the lock (the window closed: an abort), the job stops locking and sweeps
// everything back instead. Invariants: the funding keys stay inside the port (the signer gives them
// for this swap only, to the wallet-rpc that restores this wallet); the lock is paid at most once
// (the wallet finds its earlier transfer, or relays the one recorded before it was relayed); after a
// withdraw no new lock starts; a job never throws. With a store (the app), every phase is written before
// the job acts on it, so a restarted wallet resumes the job where it stood (`resume`).
import type { SwapId } from '../../shared/ids';
import type { MoneroNetwork } from '../../shared/crypto/monero-address';
import { appError, err, type AppError, type Result } from '../../shared/result';
import type { SwapRef, SwapSigner } from './swap-signer';
import type { StoredFundingPhase, XmrFundingStore } from './xmr-funding-store';
import { openXmrFundingWallet, type LockJournal, type MoneroWalletRpc, type XmrFundingWallet } from './xmr-funding-wallet';

export interface XmrFundingPort {
  /**
   * This swap's funding wallet, restored in its own wallet-rpc from the signer's keys for this swap,
   * scanning from `fromHeight` (the swap's start: the person may pay any time after it).
   */
  wallet(ref: SwapRef, fromHeight: number): Promise<Result<XmrFundingWallet, AppError>>;
  /** Where the jobs' phases and the lock transfer are kept across restarts (absent: in memory only). */
  readonly store?: XmrFundingStore;
}

export interface XmrFundingPortOptions {
  readonly signer: Pick<SwapSigner, 'xmrFundingKeys'>;
  readonly network: MoneroNetwork;
  /** A wallet-rpc for this swap's funding wallet (one wallet open at a time: its own). */
  rpcFor(swapId: SwapId): Promise<MoneroWalletRpc>;
  readonly store?: XmrFundingStore;
}

/** The swap's recorded lock transfer, in the store. */
export const lockJournalOf = (store: XmrFundingStore, swapId: string): LockJournal => ({
  recorded: () => store.get(swapId)?.lockTx,
  record: async (l) => void (await store.update(swapId, { lockTx: { ...l } })),
});

export function xmrFundingPort(o: XmrFundingPortOptions): XmrFundingPort {
  return {
    async wallet(ref, fromHeight) {
      if (ref.role !== 'alice') return err(appError('client-invalid', 'only Alice pays XMR into a swap'));
      const keys = await o.signer.xmrFundingKeys(ref);
      if (!keys.ok) return err(appError(keys.error.kind, keys.error.message));
      const journal = o.store ? { journal: lockJournalOf(o.store, ref.swapId) } : {};
      return openXmrFundingWallet(await o.rpcFor(ref.swapId), { swapId: ref.swapId, keys: keys.value, network: o.network, restoreHeight: Math.min(fromHeight, o.store?.get(ref.swapId)?.fromHeight ?? fromHeight), ...journal });
    },
    ...(o.store ? { store: o.store } : {}),
  };
}

type Phase = { readonly kind: 'lock'; readonly address: string; readonly piconero: bigint } | { readonly kind: 'sweep' } | { readonly kind: 'done' };
/** Whose funding wallet: the swap, where its scan starts, and the person's XMR refund address. */
export interface FundingOwner {
  readonly ref: SwapRef;
  readonly fromHeight: number;
  readonly refund: () => Promise<string>;
}
interface Job {
  phase: Phase;
  /** The phase last written to the store (the job acts only on a written phase). */
  saved: Phase | null;
  running: boolean;
  readonly owner: FundingOwner;
}

export interface XmrFundingJobsOptions {
  readonly pollMs?: number;
  readonly log?: (event: string, detail?: string) => void;
}

const phaseOfStored = (p: StoredFundingPhase | undefined): Phase | null =>
  !p || p.kind === 'idle' ? null : p.kind === 'lock' ? { kind: 'lock', address: p.address, piconero: BigInt(p.piconero) } : { kind: p.kind };
const storedOf = (p: Phase): StoredFundingPhase => (p.kind === 'lock' ? { kind: 'lock', address: p.address, piconero: p.piconero.toString() } : { kind: p.kind });

/** The per-swap lock and sweep-back jobs of one client. */
export class XmrFundingJobs {
  private readonly jobs = new Map<string, Job>();
  private stopped = false;

  constructor(private readonly port: XmrFundingPort, private readonly o: XmrFundingJobsOptions = {}) {}

  /** Lock `piconero` to the joint `address` once the payment is spendable, then sweep the rest to `refund()`. */
  lock(owner: FundingOwner, address: string, piconero: bigint): Promise<void> {
    const now = this.current(owner.ref.swapId);
    if (now && now.kind !== 'lock') return Promise.resolve(); // withdrawn or finished: never a lock after a withdraw
    return this.set(owner, { kind: 'lock', address, piconero });
  }

  /** The lock window closed (or the swap ended): lock nothing more, sweep everything back to `refund()`. */
  withdraw(owner: FundingOwner): Promise<void> {
    if (this.current(owner.ref.swapId)?.kind === 'done') return Promise.resolve();
    return this.set(owner, { kind: 'sweep' });
  }

  /** After a restart: carry on with the stored job (a lock asked, or a sweep), if any. */
  resume(owner: FundingOwner): Promise<void> {
    if (this.jobs.has(owner.ref.swapId)) return Promise.resolve();
    const p = phaseOfStored(this.port.store?.get(owner.ref.swapId)?.phase);
    if (p?.kind === 'lock') return this.lock(owner, p.address, p.piconero);
    if (p?.kind === 'sweep') return this.withdraw(owner);
    return Promise.resolve();
  }

  /** Where a swap's job stands ('none' when it has none). */
  phase(swapId: SwapId): Phase['kind'] | 'none' {
    return this.current(swapId)?.kind ?? 'none';
  }

  stop(): void {
    this.stopped = true;
  }

  private current(swapId: string): Phase | null {
    return this.jobs.get(swapId)?.phase ?? phaseOfStored(this.port.store?.get(swapId)?.phase);
  }

  /** The new phase, written (resolves then; a failed write is retried by the job before it acts), then driven. */
  private async set(owner: FundingOwner, phase: Phase): Promise<void> {
    const j = this.jobs.get(owner.ref.swapId);
    const job: Job = { phase, saved: j?.saved ?? null, running: j?.running ?? false, owner };
    this.jobs.set(owner.ref.swapId, job);
    try {
      await this.save(owner.ref.swapId, job);
    } catch (e) {
      this.o.log?.('xmr-funding-error', `could not record the funding job: ${e instanceof Error ? e.message : String(e)}`);
    }
    void this.drive(owner.ref);
  }

  private async drive(ref: SwapRef): Promise<void> {
    const job = this.jobs.get(ref.swapId);
    if (!job || job.running) return;
    job.running = true;
    const log = this.o.log ?? (() => undefined);
    let wallet: XmrFundingWallet | undefined;
    while (!this.stopped) {
      const j = this.jobs.get(ref.swapId)!;
      if (j.phase.kind === 'done') break;
      try {
        // The phase is on disk before the job acts on it: a restarted wallet resumes exactly this.
        if (j.saved !== j.phase) await this.save(ref.swapId, j);
        if (!wallet) {
          const w = await this.port.wallet(ref, j.owner.fromHeight);
          if (w.ok) wallet = w.value;
          else log('xmr-funding-error', w.error.message);
        } else await this.step(ref.swapId, j, wallet, log);
      } catch (e) {
        log('xmr-funding-error', e instanceof Error ? e.message : String(e));
      }
      if (this.jobs.get(ref.swapId)!.phase.kind !== 'done') await new Promise((r) => setTimeout(r, this.o.pollMs ?? 5000));
    }
    this.jobs.get(ref.swapId)!.running = false;
  }

  private async save(swapId: string, j: Job): Promise<void> {
    const p = j.phase;
    await this.port.store?.update(swapId, { phase: storedOf(p) });
    j.saved = p;
  }

  /** One try of the current phase; a "not yet" waits for the next round, an error is logged and retried. */
  private async step(swapId: string, j: Job, w: XmrFundingWallet, log: (event: string, detail?: string) => void): Promise<void> {
    const p = j.phase;
    if (p.kind === 'lock') {
      const r = await w.lock(p.address, p.piconero);
      if (r.ok) {
        log('xmr-locked', r.value);
        // A withdraw that came while the lock was in flight already asked for the sweep.
        const now = this.jobs.get(swapId)!;
        if (now.phase.kind === 'lock') now.phase = { kind: 'sweep' };
      } else if (r.error.kind !== 'xmr-funding-not-ready') log('xmr-funding-error', r.error.message);
      return;
    }
    if (p.kind !== 'sweep') return;
    const r = await w.sweepBack(await j.owner.refund());
    if (r.ok) {
      log('xmr-funding-swept', r.value ? r.value.join(',') : 'nothing left');
      await this.port.store?.update(swapId, { phase: { kind: 'done' }, swept: r.value ?? [] });
      j.phase = { kind: 'done' };
      j.saved = j.phase;
    } else if (r.error.kind !== 'xmr-funding-not-ready') log('xmr-funding-error', r.error.message);
  }
}
