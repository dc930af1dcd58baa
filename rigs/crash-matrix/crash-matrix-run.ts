// The crash matrix on real regtest nodes, for each path (happy, refund: Alice never locks XMR;
// punish: Bob vanishes once his lock is out) and each role: the chosen party runs in a child process
// that SIGKILLs itself right after transcript entry n is durable (before performing that step's
// outputs); it is restarted, recovers from its transcript, re-establishes its TLS link from the
// genesis offer (same persistent identity), and the swap must end in the path's outcome with no
// coin lost (crash-matrix-env.ts). The other party runs in this process over the same real link.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHex } from '../../shared/hex';
import { parseSwapState } from '../../shared/protocol/decider';
import type { SwapState } from '../../shared/protocol/state';
import { swapView } from '../../shared/protocol/swap-view';
import { err, ok } from '../../shared/result';
import { swapDecider } from '../../shared/protocol/swap-decider';
import { StoreTranscript } from '../../electron/daemon/store-transcript';
import type { SwapId } from '../../shared/ids';
import { createOffer, identityKeyOf } from '../../shared/offer/offer';
import type { Deal } from '../../shared/protocol/deal';
import { loadOrCreateIdentitySeed } from '../../electron/peer/peer-files';
import { freePort, type BtcRegtest, type XmrRegtest } from '../../electron/regtest';
import { checkFunds, feesBetween, MATRIX_BTC, MATRIX_XMR, settleChains, snapshotFunds, type MatrixEnv } from './crash-matrix-env';
import { startParty, type Party, type PartyConfig } from './crash-matrix-party';
import type { ChildMessage } from './party-child';

export { startMatrixEnv, type MatrixEnv } from './crash-matrix-env';

const CHILD = fileURLToPath(new URL('./party-child.ts', import.meta.url));

export type MatrixPath = 'happy' | 'refund' | 'punish';
export type MatrixRole = 'alice' | 'bob';
export const MATRIX_PATHS: readonly MatrixPath[] = ['happy', 'refund', 'punish'];
export const MATRIX_ROLES: readonly MatrixRole[] = ['alice', 'bob'];
const EXPECTED: Record<MatrixPath, string> = { happy: 'swapped', refund: 'refunded', punish: 'punished' };
/**
 * Blocks come every 0.5 s. A restart (tsx, syncer workers, wallet-rpc, sync gate) takes ~5-10 s, so
 * the windows a party must act in (buy before cancel; refund before punish) are far wider than that.
 */
const TIMELOCKS: Record<MatrixPath, { cancel: number; punish: number }> = { happy: { cancel: 60, punish: 80 }, refund: { cancel: 20, punish: 70 }, punish: { cancel: 20, punish: 40 } };

export interface PointSpec {
  readonly path: MatrixPath;
  /** The party whose daemon runs in the killable child. */
  readonly role: MatrixRole;
  /** Kill after this many durable entries; null: no crash (the reference run). */
  readonly crashAfter: number | null;
  /**
   * Then, after each restart, kill again after the next of these (ascending): one run crashes at many
   * boundaries, each kill landing in a process that itself recovered from a kill.
   */
  readonly crashAlso?: readonly number[];
  /** Or kill after the n-th durable step that performs outputs. */
  readonly crashAtActingStep?: number;
}

export interface PointResult extends PointSpec {
  readonly crashed: boolean;
  /** The entry counts after which the party was actually killed (a point past the run's end is never reached). */
  readonly killedAfter: readonly number[];
  readonly alice: string;
  readonly bob: string;
  /** Both parties reached the path's outcome. */
  readonly recovered: boolean;
  readonly fundsLost: boolean;
  readonly detail: string;
  readonly sec: number;
}

export async function runPoint(env: MatrixEnv, spec: PointSpec, onStep?: (lastSeq: number, kinds: string[]) => void, say: (s: string) => void = () => undefined): Promise<PointResult> {
  const t0 = performance.now();
  const { btc, xmr } = env;
  const swapId = randomBytes(16).toString('hex') as SwapId;
  const dir = path.join(env.work, swapId);
  const tl = TIMELOCKS[spec.path];
  const deal = (role: MatrixRole): Deal => ({ swapId, role, btcAmount: MATRIX_BTC.toString(), xmrAmount: MATRIX_XMR.toString(), cancelTimelock: tl.cancel, punishTimelock: tl.punish, finalityBtc: 1, finalityXmr: 1, safety: 3 });

  // Alice is the maker: her offer is signed with the identity her node will load from its data dir.
  const makerPort = await freePort();
  const makerSeed = loadOrCreateIdentitySeed(path.join(dir, 'alice', 'daemon', 'peer', 'identity.key'));
  if (!makerSeed.ok) throw new Error(makerSeed.error.message);
  const nowSec = Math.floor(Date.now() / 1000);
  const offer = createOffer(
    {
      offerId: swapId, network: 'regtest', makerRole: 'alice', btcSats: MATRIX_BTC.toString(), xmrPiconero: MATRIX_XMR.toString(),
      cancelTimelock: tl.cancel, punishTimelock: tl.punish, fee: { kind: 'fixed', satPerKvB: 2000 }, expiresAt: nowSec + 3600,
      makerKey: identityKeyOf(makerSeed.value), makerAddress: { host: '127.0.0.1', port: makerPort },
    },
    makerSeed.value,
    { nowSec },
  );
  if (!offer.ok) throw new Error(offer.error.message);
  const addr = { alice: await env.newAddress('alice'), bob: await env.newAddress('bob') };
  const seeds = { alice: toHex(new Uint8Array(randomBytes(32))), bob: toHex(new Uint8Array(randomBytes(32))) };
  const cfg = (role: MatrixRole, mode: 'create' | 'recover', crash: number | null, vanish: boolean, crashActing: number | null = null): PartyConfig => ({
    mode,
    dataDir: path.join(dir, role),
    seedHex: seeds[role],
    deal: deal(role),
    offer: offer.value,
    listenPort: role === 'alice' ? makerPort : null,
    btc: btcCfg(btc),
    xmr: xmrCfg(xmr, path.join(dir, `${role}-wallets`)),
    wallet: {
      btc: env.btcWallets[role],
      btcAddress: addr[role],
      xmrDestination: role === 'alice' ? env.aliceXmr.address : env.bobXmr.address,
      xmrDaemonUrl: xmr.daemonUrl,
      xmrPayUrl: role === 'alice' && spec.path !== 'refund' ? env.aliceXmr.wallet.url : null,
    },
    crashAfterRecord: crash,
    crashAtActingStep: crashActing,
    vanishAfterLock: vanish,
  });

  await settleChains(env);
  const before = await snapshotFunds(env);
  let mining = true;
  const miner = (async () => {
    while (mining) {
      await Promise.all([btc.mine(1).catch(() => undefined), xmr.mine(1).catch(() => undefined)]);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();

  const outcomes = new Map<MatrixRole, string>();
  const other: MatrixRole = spec.role === 'alice' ? 'bob' : 'alice';
  const punishBob = (r: MatrixRole) => spec.path === 'punish' && r === 'bob';
  /** Bob (punish path) stays away until Alice has her outcome, then comes back to learn his. */
  const comeBackAfterAlice: Array<() => void> = [];
  const noteOutcome = (r: MatrixRole, o: string) => {
    outcomes.set(r, o);
    if (r === 'alice') for (const f of comeBackAfterAlice.splice(0)) f();
  };

  // The killable party.
  let child: ChildProcess | null = null;
  let crashed = false;
  const killedAfter: number[] = [];
  const pending = [...(spec.crashAlso ?? [])];
  let armed: number | null = spec.crashAfter;
  const spawnChild = (mode: 'create' | 'recover', crash: number | null, vanish: boolean, crashActing: number | null = null): ChildProcess => {
    const c = fork(CHILD, [JSON.stringify(cfg(spec.role, mode, crash, vanish, crashActing))], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    let vanished = false;
    // An IPC send to a child that just died must not become an unhandled 'error' that ends the matrix.
    c.on('error', (e) => say(`[${spec.role}] child process error: ${e.message}`));
    c.on('message', (m: ChildMessage) => {
      if (m.type === 'outcome') noteOutcome(spec.role, m.outcome);
      else if (m.type === 'step') onStep?.(m.lastSeq, m.kinds);
      else if (m.type === 'log') say(`[${spec.role}] ${m.line}`);
      else if (m.type === 'vanished') vanished = true;
    });
    c.on('exit', (_code, signal) => {
      if (c !== child || signal !== 'SIGKILL') return;
      if (vanished) {
        say(`[${spec.role}] vanished after his lock`);
        const back = () => {
          if (child === c) child = spawnChild('recover', null, false);
        };
        if (outcomes.has('alice')) back();
        else comeBackAfterAlice.push(back);
        return;
      }
      if (crash === null && crashActing === null) return; // not a kill of ours
      crashed = true;
      if (crash !== null) killedAfter.push(crash);
      // The next point lies after this one (points already passed would kill at the first append).
      while (pending.length > 0 && pending[0]! <= (crash ?? 0)) pending.shift();
      armed = pending.shift() ?? null;
      say(`[${spec.role}] killed after ${crash !== null ? `entry ${crash}` : `acting step ${crashActing}`}; restarting${armed !== null ? ` (next kill after entry ${armed})` : ''}`);
      child = spawnChild('recover', armed, punishBob(spec.role) && !outcomes.has('alice'));
    });
    return c;
  };
  child = spawnChild('create', armed, punishBob(spec.role), spec.crashAtActingStep ?? null);

  // The other party, in this process.
  let party: Party | null = null;
  const startOther = async (mode: 'create' | 'recover', vanish: boolean) => {
    const p = await startParty(cfg(other, mode, null, vanish), {
      onNote: (n) => (n.kind === 'outcome' ? noteOutcome(other, n.outcome) : n.kind === 'halted' ? noteOutcome(other, `halted: ${n.error.message}`) : undefined),
      log: (l) => (l.level === 'error' || l.event === 'recovered' ? say(`[${other}] ${l.component} ${l.event} ${l.detail ?? ''}`) : undefined),
      onVanish: () => {
        say(`[${other}] vanishes after his lock`);
        const gone = p.stop();
        comeBackAfterAlice.push(() => {
          void gone.then(async () => {
            party = await startOther('recover', false);
          });
        });
      },
    });
    return p;
  };
  let detail = '';
  try {
    party = await startOther('create', punishBob(other));
  } catch (e) {
    detail = `the in-process ${other} failed to start: ${(e as Error).message}`;
  }

  const deadline = performance.now() + 300_000;
  while (!detail && !(outcomes.has('alice') && outcomes.has('bob'))) {
    if (performance.now() > deadline) {
      detail = `timeout: alice=${outcomes.get('alice') ?? 'running'} bob=${outcomes.get('bob') ?? 'running'}`;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  mining = false;
  await miner;
  const last = child as ChildProcess | null;
  child = null; // no restart from here on
  // A child that vanished or was killed has no IPC channel left: sending would throw out of the matrix.
  if (last?.connected) last.send({ type: 'stop' }, (e) => e && say(`stop not delivered: ${e.message}`));
  await new Promise((r) => setTimeout(r, 1500));
  last?.kill('SIGKILL');
  await (party as Party | null)?.stop().catch(() => undefined);

  const a = outcomes.get('alice') ?? 'running';
  const b = outcomes.get('bob') ?? 'running';
  const recovered = a === EXPECTED[spec.path] && b === EXPECTED[spec.path];
  if (!recovered) {
    for (const role of MATRIX_ROLES) say(`post-mortem ${role}: ${await postMortem(path.join(dir, role, 'daemon'), swapId).catch((e: unknown) => `failed: ${String(e)}`)}`);
  }
  await settleChains(env);
  const after = await snapshotFunds(env);
  const funds = checkFunds(before, after, await feesBetween(env, before, after), spec.path === 'punish' ? MATRIX_XMR : 0n);
  // A swap stuck before its outcome counts as coins at risk, whatever the balances say now.
  const fundsLost = funds.lost || !(outcomes.has('alice') && outcomes.has('bob'));
  return { ...spec, crashed, killedAfter, alice: a, bob: b, recovered, fundsLost, detail: [detail, funds.detail].filter(Boolean).join('; '), sec: Math.round((performance.now() - t0) / 100) / 10 };
}

const btcCfg = (btc: BtcRegtest) =>
  ({ chain: 'btc', rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword, feeTargetBlocks: 2, pollMs: 100, stallMs: 3_600_000, rpcTimeoutMs: 10_000, maxBackoffMs: 1_000 }) as const;
const xmrCfg = (xmr: XmrRegtest, walletDir: string) =>
  ({ chain: 'xmr', daemonUrl: xmr.daemonUrl, walletRpcBin: 'monero-wallet-rpc', walletDir, walletRpcStartTimeoutMs: 60_000, pollMs: 250, stallMs: 3_600_000, rpcTimeoutMs: 30_000, maxBackoffMs: 1_000 }) as const;

/** Where a party's transcript left its swap (both processes are stopped): marking, stage, next step, asks. */
export async function postMortem(dataDir: string, swapId: SwapId): Promise<string> {
  const t = await StoreTranscript.open<SwapState>(dataDir, swapDecider(), (raw) => {
    const r = parseSwapState(raw);
    return r.ok ? ok(r.value) : err(r.error);
  });
  if (!t.ok) return `store not readable: ${t.error.message}`;
  try {
    const r = await t.value.recover(swapId);
    if (!r.ok) return `not recoverable: ${r.error.message}`;
    const st = r.value.record.core;
    const v = swapView({ state: st, genesisCreatedAt: r.value.record.genesis.createdAt, updatedAt: Date.now(), live: true });
    return [
      `${r.value.record.nextSeq} entries; marking ${Object.keys(st.marking).join(',')}`,
      `stage "${v.summary.stage}"; next "${v.summary.next}"`,
      `asks ${v.asks.map((x) => x.id).join(',') || 'none'}; enabled ${v.transitions.filter((x) => x.enabled).map((x) => x.id).join(',') || 'none'}`,
      `txs ${Object.entries(st.txs).map(([n, x]) => `${n}:${x.confs ?? '-'}`).join(' ')}; heights btc ${st.btcHeight ?? '-'} xmr ${st.xmrHeight ?? '-'}`,
    ].join(' | ');
  } finally {
    await t.value.close();
  }
}
