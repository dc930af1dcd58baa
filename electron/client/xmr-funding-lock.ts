// Alice selling XMR from the swap's funding wallet: when the daemon asks for the XMR lock, the client
// starts a background job per swap that retries the lock until the person's payment is spendable
// (10 confirmations), then sweeps what the lock left (the fee reserve's rest) back to the person;
// when the daemon withdraws the lock (the window closed: an abort), the job stops locking and sweeps
// everything back instead. Invariants: the funding keys stay inside the port (the signer gives them
// for this swap only, to the wallet-rpc that restores this wallet); the lock is paid at most once
// (the wallet finds its earlier transfer); after a withdraw no new lock starts; a job never throws.
import type { SwapId } from '../../shared/ids';
import type { MoneroNetwork } from '../../shared/crypto/monero-address';
import { appError, err, type AppError, type Result } from '../../shared/result';
import type { SwapRef, SwapSigner } from './swap-signer';
import { openXmrFundingWallet, type MoneroWalletRpc, type XmrFundingWallet } from './xmr-funding-wallet';

export interface XmrFundingPort {
  /**
   * This swap's funding wallet, restored in its own wallet-rpc from the signer's keys for this swap,
   * scanning from `fromHeight` (the swap's start: the person may pay any time after it).
   */
  wallet(ref: SwapRef, fromHeight: number): Promise<Result<XmrFundingWallet, AppError>>;
}

export interface XmrFundingPortOptions {
  readonly signer: SwapSigner;
  readonly network: MoneroNetwork;
  /** A wallet-rpc for this swap's funding wallet (one wallet open at a time: its own). */
  rpcFor(swapId: SwapId): Promise<MoneroWalletRpc>;
}

export function xmrFundingPort(o: XmrFundingPortOptions): XmrFundingPort {
  return {
    async wallet(ref, fromHeight) {
      if (ref.role !== 'alice') return err(appError('client-invalid', 'only Alice pays XMR into a swap'));
      const keys = await o.signer.xmrFundingKeys(ref);
      if (!keys.ok) return err(appError(keys.error.kind, keys.error.message));
      return openXmrFundingWallet(await o.rpcFor(ref.swapId), { swapId: ref.swapId, keys: keys.value, network: o.network, restoreHeight: fromHeight });
    },
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
  running: boolean;
  readonly owner: FundingOwner;
}

export interface XmrFundingJobsOptions {
  readonly pollMs?: number;
  readonly log?: (event: string, detail?: string) => void;
}

/** The per-swap lock and sweep-back jobs of one client. */
export class XmrFundingJobs {
  private readonly jobs = new Map<string, Job>();
  private stopped = false;

  constructor(private readonly port: XmrFundingPort, private readonly o: XmrFundingJobsOptions = {}) {}

  /** Lock `piconero` to the joint `address` once the payment is spendable, then sweep the rest to `refund()`. */
  lock(owner: FundingOwner, address: string, piconero: bigint): void {
    const j = this.jobs.get(owner.ref.swapId);
    if (j && j.phase.kind !== 'lock') return; // withdrawn or finished: never a lock after a withdraw
    this.jobs.set(owner.ref.swapId, { phase: { kind: 'lock', address, piconero }, running: j?.running ?? false, owner });
    void this.drive(owner.ref);
  }

  /** The lock window closed: lock nothing more, sweep everything back to `refund()`. */
  withdraw(owner: FundingOwner): void {
    const j = this.jobs.get(owner.ref.swapId);
    if (j?.phase.kind === 'done') return;
    this.jobs.set(owner.ref.swapId, { phase: { kind: 'sweep' }, running: j?.running ?? false, owner });
    void this.drive(owner.ref);
  }

  /** Where a swap's job stands ('none' when it has none). */
  phase(swapId: SwapId): Phase['kind'] | 'none' {
    return this.jobs.get(swapId)?.phase.kind ?? 'none';
  }

  stop(): void {
    this.stopped = true;
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
      if (!wallet) {
        const w = await this.port.wallet(ref, j.owner.fromHeight);
        if (w.ok) wallet = w.value;
        else log('xmr-funding-error', w.error.message);
      } else await this.step(ref.swapId, j, wallet, log);
      if (this.jobs.get(ref.swapId)!.phase.kind !== 'done') await new Promise((r) => setTimeout(r, this.o.pollMs ?? 5000));
    }
    this.jobs.get(ref.swapId)!.running = false;
  }

  /** One try of the current phase; a "not yet" waits for the next round, an error is logged and retried. */
  private async step(swapId: string, j: Job, w: XmrFundingWallet, log: (event: string, detail?: string) => void): Promise<void> {
    const p = j.phase;
    if (p.kind === 'lock') {
      const r = await w.lock(p.address, p.piconero);
      if (r.ok) {
        log('xmr-locked', r.value);
        // A withdraw that came while the lock was in flight already asked for the sweep.
        if (this.jobs.get(swapId)!.phase.kind === 'lock') this.jobs.get(swapId)!.phase = { kind: 'sweep' };
      } else if (r.error.kind !== 'xmr-funding-not-ready') log('xmr-funding-error', r.error.message);
      return;
    }
    if (p.kind !== 'sweep') return;
    const r = await w.sweepBack(await j.owner.refund());
    if (r.ok) {
      log('xmr-funding-swept', r.value ? r.value.join(',') : 'nothing left');
      j.phase = { kind: 'done' };
    } else if (r.error.kind !== 'xmr-funding-not-ready') log('xmr-funding-error', r.error.message);
  }
}
