// A manual command (cancel, refund, punish; shared/protocol/manual-actions.ts) fed to a running swap
// daemon: the running wallet's (the swap page's buttons) or one the `swap` CLI opens for the moment.
// Guards the road: the command is a client datum given to the swap's actor like any datum, so it
// passes the gate, the decider's check (refused: nothing recorded, the reason returned), the durable
// append of the input and its broadcast, and only then the broadcast itself. Nothing here sends a
// transaction by another way.
import type { SwapId, Txid } from '../../shared/ids';
import { manualCheck, type ManualAction } from '../../shared/protocol/manual-actions';
import type { SwapState } from '../../shared/protocol/state';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { SwapDaemon } from '../daemon/swap-daemon';

export interface ManualDone {
  readonly action: ManualAction;
  readonly txid: Txid;
  /** The seq of the recorded command (its broadcast follows it in the transcript). */
  readonly seq: number;
  /** The broadcast task's id: its result names it. */
  readonly taskId: string;
  readonly warning: string | null;
  /** The node had it in its mempool already: it only waits for a block. */
  readonly inMempool: boolean;
  /** What happens next, in the person's words. */
  readonly next: string;
}

const NEXT: Readonly<Record<ManualAction, string>> = {
  cancel: 'Once the cancel is confirmed, the BTC seller can refund (at once) and the XMR seller can punish (after the punish timelock): keep the wallet running, or run `swap refund` once it has a block.',
  refund: 'Once the refund is confirmed your BTC is back at your refund address; the other side then recovers its XMR.',
  punish: 'Once the punish is confirmed the BTC is yours; the XMR stays locked unless the other side ever refunds.',
};

/** Feeds the command to the swap's actor; resolves once it is recorded and its broadcast handed to the syncer. */
export async function feedManual(daemon: SwapDaemon<SwapState>, swapId: SwapId, action: ManualAction): Promise<Result<ManualDone, AppError>> {
  const actor = daemon.actor(swapId);
  if (!actor) return err(appError('swap-not-running', `Swap ${swapId} is not running in this wallet (finished, damaged or unknown): nothing to ${action}.`));
  const out = await actor.input({ kind: 'client', datum: { kind: 'manual', action } });
  if (out.status !== 'applied') return err(out.error);
  // The command's own broadcast is the step's output caused by it; its txid is the signed tx's.
  const s = actor.record.core;
  const tx = s.txs[action];
  const b = s.broadcasts[action];
  if (!tx || !b) return err(appError('manual-refused', `The ${action} was recorded but no broadcast followed: report this with the support export.`));
  const after = manualCheck(s, action);
  return ok({
    action,
    txid: tx.txid,
    seq: out.seq - out.outputs,
    taskId: `${swapId}:btc:broadcast:${action}:${b.attempt}`,
    warning: after.ok ? after.value.warning : null,
    inMempool: tx.confs === 0,
    next: NEXT[action],
  });
}

/** The running wallet's side of the swap page's buttons (swap:manual). */
export function manualApi(daemon: SwapDaemon<SwapState>) {
  return {
    async manualAction(swapId: string, action: ManualAction): Promise<Result<Omit<ManualDone, 'taskId'>, AppError>> {
      if (!/^[0-9a-f]{32}$/.test(swapId)) return err(appError('swap-unknown', `"${swapId}" is not a swap id.`));
      const r = await feedManual(daemon, swapId as SwapId, action);
      if (!r.ok) return r;
      const { taskId: _t, ...view } = r.value;
      return ok(view);
    },
  };
}
