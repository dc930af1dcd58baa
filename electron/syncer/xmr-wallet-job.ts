// One Monero wallet task (watch-address or sweep) and its monero-wallet-rpc session, opened on first use and after a crash.
// Invariant: a job's wallet is opened from the task's own keys and restore height; a dead session is replaced, never reused.
import { z } from 'zod';
import type { XmrTask } from '../../shared/syncer/messages';
import { xmrNodeOf, type XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { Emit, Log } from './chain-backend';
import { openWalletSession, type WalletSession } from './monero-wallet-session';

export type WatchTask = Extract<XmrTask, { kind: 'watch-address' }>;
export type SweepTask = Extract<XmrTask, { kind: 'sweep' }>;

export interface WalletJob {
  readonly task: WatchTask | SweepTask;
  session: WalletSession | null;
  busy: Promise<void> | null;
  cancelled: boolean;
  done: boolean;
  failures: number;
  retryAt: number;
  lastTipServed: string | null;
  /** watch: last confirmations reported per txid. */
  readonly seen: Map<string, number>;
}

/** What every wallet job's step needs from its backend. */
export interface WalletJobContext {
  readonly cfg: XmrWorkerConfig;
  readonly emit: Emit;
  readonly log: Log;
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

export function newWalletJob(task: WatchTask | SweepTask): WalletJob {
  return { task, session: null, busy: null, cancelled: false, done: false, failures: 0, retryAt: 0, lastTipServed: null, seen: new Map() };
}

export async function ensureSession(ctx: WalletJobContext, job: WalletJob): Promise<WalletSession> {
  if (job.session?.isAlive()) return job.session;
  const t = job.task;
  job.session = await openWalletSession(ctx.cfg, t.kind === 'sweep' ? 'sweep' : 'watch', t.id, {
    address: t.address,
    viewKey: t.viewKey,
    ...(t.kind === 'sweep' ? { spendKey: t.spendKey } : {}),
    restoreHeight: t.fromHeight,
  });
  const node = xmrNodeOf(ctx.cfg);
  ctx.log('info', `xmr ${t.kind} ${t.id}: wallet ${job.session.filename} open (${node.network}, ${node.trusted ? 'trusted' : 'untrusted'} node)`);
  return job.session;
}
