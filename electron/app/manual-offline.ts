// `swap cancel|refund|punish <id>` while the wallet is NOT running: opens that one swap's daemon on the
// data dir against the person's nodes (Settings; the sandbox's only with its info file) long enough to
// catch up with the chains, record the command and broadcast it, then stops.
// Guards: a data dir a live wallet holds is refused (its writer lock; the store takes it again), the
// command waits until the swap's actor synced (a check against stale confirmations would be wrong),
// no other swap of the wallet is resumed, and the session answers no signing request and sends no
// peer message: what the daemon records meanwhile (its own schedule may act too when it catches up)
// is re-asked or re-sent by the wallet's next start, as after any restart.
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import type { Settings } from '../../shared/ipc/channels';
import type { ManualAction } from '../../shared/protocol/manual-actions';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { HeadlessClient } from '../client/headless-client';
import type { ClientNote, LogLine } from '../daemon/daemon-ports';
import { startSwapNode, type SwapNode } from '../daemon/swap-node';
import { liveLockOwner } from '../store/writer-lock';
import { feedManual, type ManualDone } from './manual-command';
import { withOfflineStore } from './swap-exports';
import { workerConfigs } from './wallet-configs';
import { chooseEndpoints } from './wallet-endpoints';

export interface ManualOfflineOptions {
  readonly dataDir: string;
  readonly swapId: string;
  readonly action: ManualAction;
  /** The wallet's Settings (the CLI reads `<dataDir>/settings.json`): the person's nodes. */
  readonly settings: Settings;
  /** A running sandbox's info file, when Settings ask for the regtest sandbox. */
  readonly sandboxFile?: string;
  /** Progress lines for the person (stderr in the CLI). */
  readonly say: (line: string) => void;
  /** How long to wait for the chains, then for the broadcast's answer (default 120 s). */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

export interface ManualOfflineDone extends ManualDone {
  /** The node's answer to the broadcast: accepted (or already known), or its error (e.g. non-BIP68-final). */
  readonly broadcast: { readonly ok: boolean; readonly error: string | null } | null;
  /** Broadcasts the daemon made by its own schedule during the session (the automation caught up too). */
  readonly alsoBroadcast: readonly string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function manualOffline(o: ManualOfflineOptions): Promise<Result<ManualOfflineDone, AppError>> {
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  const daemonDir = path.join(o.dataDir, 'daemon');
  const owner = liveLockOwner(daemonDir);
  if (owner) return err(appError('store-locked', `The wallet is running on ${o.dataDir} (process ${owner.pid}): use the ${o.action} button on the swap's page there (it asks for a confirmation), or quit the wallet and run this again.`));
  // Which swaps exist, and is this one still running? Read offline first: nothing starts for a finished swap.
  const listed = await withOfflineStore(o.dataDir, async (store) => store.listSwaps());
  if (!listed.ok) return listed;
  const mine = listed.value.find((s) => s.swapId === o.swapId);
  if (!mine) return err(appError('swap-unknown', `No swap ${o.swapId} in this wallet's data directory.`));
  if (mine.damaged) return err(appError('transcript-damaged', `Swap ${o.swapId} is damaged (${mine.damaged}): export its support file and its recovery file instead.`));
  if (mine.outcome) return err(appError('manual-refused', `The swap already ended: ${mine.outcome}. There is nothing left to ${o.action}.`));

  let endpoints;
  try {
    const chosen = await chooseEndpoints({
      settings: o.settings,
      sandboxFile: o.sandboxFile,
      spawnSandbox: () => Promise.reject(new Error("Settings use the regtest sandbox: start the wallet (it runs the sandbox) and use the swap page, or pass --sandbox-file with a running sandbox's info file.")),
      report: () => undefined,
    });
    if (!chosen) return err(appError('nodes-unavailable', 'No nodes in Settings.'));
    endpoints = chosen.wallet;
  } catch (e) {
    return err(appError('nodes-unavailable', e instanceof Error ? e.message : String(e)));
  }
  const cfg = workerConfigs(o.dataDir, endpoints, o.pollMs ?? 500);

  const notes: ClientNote[] = [];
  const onNote = (id: SwapId, n: ClientNote) => {
    if (id === o.swapId) notes.push(n);
  };
  // Requests stay unanswered here (the signer is not open): the next wallet start asks them again.
  const silentClient = { handle: async () => ok(null) } as unknown as HeadlessClient;
  const started = await startSwapNode({
    name: 'manual',
    dataDir: daemonDir,
    chain: { network: endpoints.btcNetwork },
    client: silentClient,
    peer: { send: () => undefined },
    btc: cfg.btc,
    xmr: cfg.xmr,
    dleqPool: false,
    log: (l: LogLine) => {
      if (l.level === 'error') o.say(`${l.component} ${l.event}${l.detail ? `: ${l.detail}` : ''}`);
    },
    onNote,
  });
  if (!started.ok) return started;
  const node: SwapNode = started.value;
  try {
    const skip = new Set(listed.value.map((s) => s.swapId).filter((id) => id !== o.swapId));
    const rec = await node.recover({ skip });
    if (!rec.ok) return rec;
    o.say(`opened swap ${o.swapId.slice(0, 8)} on ${endpoints.btc.rpcUrl}; catching up with the chains...`);
    const actor = node.daemon.actor(o.swapId as SwapId);
    if (!actor) return err(appError('swap-not-running', `Swap ${o.swapId} could not be resumed: ${rec.value.damaged.find((d) => d.swapId === o.swapId)?.reason ?? 'it has no running state'}.`));
    while (actor.status === 'syncing') {
      if (Date.now() > deadline) return err(appError('nodes-unavailable', `The chains did not catch up in time (is ${endpoints.btc.rpcUrl} reachable and synced?). Nothing was recorded.`));
      await sleep(200);
    }
    if (actor.status === 'halted') {
      const h = notes.find((n): n is Extract<ClientNote, { kind: 'halted' }> => n.kind === 'halted');
      return err(appError('swap-halted', `Swap ${o.swapId} stopped: ${h ? h.error.message : 'see the wallet log'}`));
    }
    const done = await feedManual(node.daemon, o.swapId as SwapId, o.action);
    if (!done.ok) return done;
    // The node's answer to this broadcast (a repeat of a known tx counts as accepted).
    let result: ManualOfflineDone['broadcast'] = null;
    while (!result && Date.now() < deadline) {
      for (const n of notes)
        if (n.kind === 'progress' && n.entry.kind === 'btc-event' && n.entry.event.kind === 'broadcast-result' && n.entry.event.taskId === done.value.taskId)
          result = { ok: n.entry.event.ok, error: n.entry.event.error };
      if (!result) await sleep(200);
    }
    const alsoBroadcast = notes.flatMap((n) =>
      n.kind === 'progress' && n.entry.kind === 'btc-task' && n.entry.task.kind === 'broadcast' && n.entry.cause.by !== 'manual' ? [n.entry.task.id.split(':').slice(3, 4).join('')] : [],
    );
    return ok({ ...done.value, broadcast: result, alsoBroadcast });
  } finally {
    await node.stop();
  }
}
