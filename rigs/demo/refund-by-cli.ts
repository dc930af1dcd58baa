// The demo's `--refund-by-cli` run (issue #24, manual commands): Bob's wallet is gone after his BTC lock
// and Alice never locks her XMR, as in refund-by-hand.ts; here the person runs the swap command on his
// data dir (`npm run -s swap -- cancel|refund <id>`, the real CLI as a child process) against his nodes
// (a settings.json naming the regtest nodes). Blocks are held while each command runs, so what the
// chain says at that moment is known: cancel is refused while its timelock is closed (with the reason),
// then accepted once it opened; refund is accepted once the cancel has a block, and the BTC comes back.
// Invariant checked: Bob's transcript holds each manual command, and its broadcast right after it.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import type { TranscriptEntry } from '../../shared/protocol/transcript';
import { childEntry } from '../../electron/child-entry';
import { readSwapTranscript, withOfflineStore } from '../../electron/app/swap-exports';
import type { BtcRegtest } from '../../electron/regtest/btc-regtest';
import type { XmrRegtest } from '../../electron/regtest/xmr-regtest';
import { recoveryOf } from './refund-by-hand';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The steady miner's BTC side, held while a command runs (its blocks are skipped, not queued). */
export interface MinerGate {
  readonly btc: Pick<BtcRegtest, 'mine'>;
  hold(on: boolean): void;
}
export function minerGate(btc: BtcRegtest): MinerGate {
  let held = false;
  return {
    btc: { mine: (n: number) => (held ? Promise.resolve([]) : btc.mine(n)) } as Pick<BtcRegtest, 'mine'>,
    hold: (on) => void (held = on),
  };
}

export interface CliRun {
  readonly args: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly sec: number;
}

export interface RefundedByCli {
  readonly runs: readonly CliRun[];
  readonly cancelTxid: string;
  readonly refundTxid: string;
  /** Each manual command in Bob's transcript, with the entry right after it. */
  readonly recorded: readonly { readonly action: string; readonly seq: number; readonly next: TranscriptEntry | undefined }[];
}

/** The swap command as a person runs it: a child process on the data dir. */
function runCli(args: readonly string[]): Promise<CliRun> {
  const t0 = performance.now();
  const e = childEntry(import.meta.url, '../../electron/cli/swap.ts', 'swap.mjs');
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [...e.execArgv, e.entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('error', reject);
    c.on('close', (code) => resolve({ args, code: code ?? -1, stdout, stderr, sec: Math.round((performance.now() - t0) / 100) / 10 }));
  });
}

async function confs(btc: BtcRegtest, txid: string): Promise<number> {
  const out = await btc.rpc<{ confirmations?: number } | null>('gettxout', [txid, 0, true]);
  return out ? (out.confirmations ?? 0) : -1;
}

async function until(what: string, deadline: number, ok: () => Promise<boolean>): Promise<void> {
  while (!(await ok())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

export async function refundByCli(o: { btc: BtcRegtest; xmr: XmrRegtest; gate: MinerGate; work: string; swapId: SwapId; cancelTimelock: number; say: (l: string) => void; timeoutMs?: number }): Promise<RefundedByCli> {
  const deadline = performance.now() + (o.timeoutMs ?? 240_000);
  const dataDir = path.join(o.work, 'bob');
  // Bob's Settings name his nodes (here the regtest ones), as the CLI reads them.
  const auth = o.btc.rpcCookieFile ? { kind: 'cookie', file: o.btc.rpcCookieFile } : { kind: 'password', user: o.btc.rpcUser, password: o.btc.rpcPassword };
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ network: 'regtest', sandbox: false, bitcoinNodes: [{ url: o.btc.rpcUrl, auth }], moneroNodes: [{ url: o.xmr.daemonUrl, trusted: true }], dataDir }));
  const x = await recoveryOf(dataDir, o.swapId);
  const lockTxid = await bobLockTxid(dataDir, o.swapId);
  const cancel = x.transactions.find((t) => t.name === 'cancel');
  const refund = x.transactions.find((t) => t.name === 'refund');
  if (!cancel || !refund || !lockTxid) throw new Error('Bob holds no cancel and refund');
  const runs: CliRun[] = [];
  const cli = async (action: string) => {
    const r = await runCli([action, o.swapId, '--data-dir', dataDir]);
    runs.push(r);
    o.say(`[bob by cli] swap ${action}: exit ${r.code} in ${r.sec} s: ${(r.stdout + r.stderr).trim().split('\n').join(' | ')}`);
    return r;
  };

  // 1. Too early: the lock is confirmed but far from the cancel timelock; no block comes while the command runs.
  await until('the lock in a block', deadline, async () => (await confs(o.btc, lockTxid)) >= 1);
  o.gate.hold(true);
  const early = await cli('cancel');
  if (early.code !== 4) throw new Error(`swap cancel before the timelock: exit ${early.code}, expected 4 (refused)`);
  // 2. The timelock opens: mined by hand to exactly the lock's cancel timelock, still held.
  const lockAt = await confs(o.btc, lockTxid);
  if (lockAt < o.cancelTimelock) await o.btc.mine(o.cancelTimelock - lockAt);
  const onTime = await cli('cancel');
  if (onTime.code !== 0) throw new Error(`swap cancel once the timelock opened: exit ${onTime.code}`);
  o.gate.hold(false);
  await until('the cancel in a block', deadline, async () => (await confs(o.btc, cancel.txid)) >= 1);
  // 3. Refund as soon as the cancel has a block, blocks held again (punish cannot come meanwhile).
  o.gate.hold(true);
  const back = await cli('refund');
  o.gate.hold(false);
  if (back.code !== 0) throw new Error(`swap refund: exit ${back.code}`);
  await until('the refund in a block', deadline, async () => (await confs(o.btc, refund.txid)) >= 1);
  o.say(`[bob by cli] refund ${refund.txid.slice(0, 8)} confirmed`);

  const t = await withOfflineStore(dataDir, async (store) => readSwapTranscript(store, o.swapId));
  if (!t.ok) throw new Error(t.error.message);
  const recorded = t.value.entries.flatMap((e, i) => (e.kind === 'client-datum' && e.datum.kind === 'manual' ? [{ action: e.datum.action, seq: e.seq, next: t.value.entries[i + 1] }] : []));
  return { runs, cancelTxid: cancel.txid, refundTxid: refund.txid, recorded };
}

/** The lock's txid from Bob's transcript (the watch his pre-lock checkpoint made). */
async function bobLockTxid(dataDir: string, swapId: SwapId): Promise<string> {
  const t = await withOfflineStore(dataDir, async (store) => readSwapTranscript(store, swapId));
  if (!t.ok) throw new Error(t.error.message);
  for (const e of t.value.entries) if (e.kind === 'btc-task' && e.task.kind === 'watch-tx' && e.task.id.endsWith(':watch-tx:lock')) return e.task.txid;
  return '';
}
