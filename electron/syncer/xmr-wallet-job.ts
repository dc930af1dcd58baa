// One Monero sweep task and its monero-wallet-rpc session, opened on first use and after a crash, closed once the sweep
// is final (watches need no wallet: xmr-address-watch.ts scans in process).
// Invariant: a job's wallet is opened from the task's own keys and restore height; a dead session is replaced, never reused.
import { z } from 'zod';
import type { XmrTask } from '../../shared/syncer/messages';
import { xmrNodeOf, type XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { Emit, Log } from './chain-backend';
import { openWalletSession, type WalletSession } from './monero-wallet-session';

export type SweepTask = Extract<XmrTask, { kind: 'sweep' }>;

export interface WalletJob {
  readonly task: SweepTask;
  session: WalletSession | null;
  busy: Promise<void> | null;
  cancelled: boolean;
  done: boolean;
  failures: number;
  retryAt: number;
  lastTipServed: string | null;
}

/** What every wallet job's step needs from its backend. */
export interface WalletJobContext {
  readonly cfg: XmrWorkerConfig;
  readonly emit: Emit;
  readonly log: Log;
  /** Starts a wallet-rpc on the wallet (monero-wallet-session.ts); a port so the sweep pool can be tested without processes. */
  readonly openSession?: typeof openWalletSession;
}

const Amount = z.union([z.number().int().min(0), z.string().regex(/^\d+$/)]).transform((v) => BigInt(v));
const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Transfer = z.object({
  txid: Hash,
  amount: Amount,
  height: z.number().int().min(0).optional(),
  confirmations: z.number().int().min(0).optional(),
  unlock_time: z.number().int().min(0).optional(),
});
export const Transfers = z.object({
  in: z.array(Transfer).optional(),
  out: z.array(Transfer).optional(),
  pending: z.array(Transfer).optional(),
  pool: z.array(Transfer).optional(),
});
export const Balance = z.object({ balance: Amount, unlocked_balance: Amount });
export const Swept = z.object({ tx_hash_list: z.array(Hash).optional() });
export const Ignore = z.unknown();

export function newWalletJob(task: SweepTask): WalletJob {
  return { task, session: null, busy: null, cancelled: false, done: false, failures: 0, retryAt: 0, lastTipServed: null };
}

export async function ensureSession(ctx: WalletJobContext, job: WalletJob): Promise<WalletSession> {
  if (job.session?.isAlive()) return job.session;
  const t = job.task;
  job.session = await (ctx.openSession ?? openWalletSession)(ctx.cfg, 'sweep', t.id, { address: t.address, viewKey: t.viewKey, spendKey: t.spendKey, restoreHeight: t.fromHeight });
  const node = xmrNodeOf(ctx.cfg);
  ctx.log('info', `xmr ${t.kind} ${t.id}: wallet ${job.session.filename} open (${node.network}, ${node.trusted ? 'trusted' : 'untrusted'} node)`);
  return job.session;
}
