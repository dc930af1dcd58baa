// The crash matrix on real regtest nodes, for each path (happy, refund: Alice never locks XMR;
// punish: Bob vanishes once his lock is out) and each role: the chosen party runs in a child process
// that SIGKILLs itself right after transcript entry n (or the step past a named boundary) is durable,
// before performing that step's outputs; it is restarted, recovers from its transcript, re-establishes
// its TLS link from the genesis offer (same persistent identity), and the swap must end in the path's
// outcome with each party's balances on both chains exactly its outcome minus the fees it paid
// (party-accounting.ts). The other party runs in this process over the same real link, or (both) in a
// killable child of its own. Each point has its own wallets (point-env.ts), so points may run at once.
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
import { MATRIX_BTC, MATRIX_XMR } from './crash-matrix-env';
import { btcWalletCall, settlePoint, snapshotFunds, type PointEnv, type PointWallets } from './point-env';
import { accountParties } from './party-accounting';
import type { Boundary } from './crash-boundary';
import { startParty, type Party, type PartyConfig } from './crash-matrix-party';
import type { ChildMessage } from './party-child';

export { startPointEnv as startMatrixEnv, type PointEnv as MatrixEnv } from './point-env';
export { BOUNDARIES, BOUNDARY_TEXT, type Boundary } from './crash-boundary';

const CHILD = fileURLToPath(new URL('./party-child.ts', import.meta.url));

export type MatrixPath = 'happy' | 'refund' | 'punish';
export type MatrixRole = 'alice' | 'bob';
export const MATRIX_PATHS: readonly MatrixPath[] = ['happy', 'refund', 'punish'];
export const MATRIX_ROLES: readonly MatrixRole[] = ['alice', 'bob'];
const EXPECTED: Record<MatrixPath, string> = { happy: 'swapped', refund: 'refunded', punish: 'punished' };
/**
 * Blocks come every 0.5 s on a quiet machine, ~1.7 s at load 20. A restart (tsx, syncer workers,
 * wallet-rpc, sync gate) takes ~5-10 s quiet, 25-35 s at load, so the windows a party must act in
 * (buy before cancel; refund before punish) are far wider than that. The happy path's cancel is never
 * waited for, so its window costs nothing: 240 blocks, because both parties killed around the buy
 * signature (Bob down 20 s, then each restarted in turn) reached cancel at 60 under load (seen).
 */
const TIMELOCKS: Record<MatrixPath, { cancel: number; punish: number }> = { happy: { cancel: 240, punish: 260 }, refund: { cancel: 20, punish: 70 }, punish: { cancel: 20, punish: 40 } };

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
  /** Or kill right after the first step past this named boundary (crash-boundary.ts). */
  readonly crashAtBoundary?: Boundary;
  /**
   * Both parties in killable children, each killed at `crashAtBoundary`: the first one down stays down
   * until the other is down too (at most HOLD_MS: a boundary the other reaches only through the first,
   * like Alice's receipt of the buy signature, cannot wait), then both restart in this order.
   */
  readonly both?: 'alice-first' | 'bob-first';
}

export interface PointResult extends PointSpec {
  readonly crashed: boolean;
  /** The entry counts after which the party was actually killed (a point past the run's end is never reached). */
  readonly killedAfter: readonly number[];
  /** Both mode: the parties killed, in order; `together`: both were down at once before the restarts. */
  readonly kills: readonly MatrixRole[];
  readonly together: boolean;
  readonly alice: string;
  readonly bob: string;
  /** Both parties reached the path's outcome. */
  readonly recovered: boolean;
  /** Coins lost or created: a chain's per-party gaps do not sum to zero, or the swap is stuck. */
  readonly fundsLost: boolean;
  /** Some party's balance change on some chain is off its expected outcome minus the fees it paid. */
  readonly partyGap: boolean;
  readonly detail: string;
  readonly sec: number;
}

/** How long the first party killed in a both-parties point waits, down, for the other's kill. */
const HOLD_MS = 20_000;
/**
 * The buy signature is the one boundary the other party reaches only through the first one down (Bob
 * is killed before his buy signature leaves; Alice's boundary is its receipt): waiting for her kill
 * there only burns HOLD_MS, so Bob comes back at once.
 */
const holdFor = (b: Boundary | undefined): number => (b === 'buy-sig' ? 0 : HOLD_MS);

/**
 * `wallets`: the point's wallets made ahead (pointWallets' funding waits for blocks, ~5-20 s: made while
 * earlier points run, they are ready when this one's turn comes); by default made here.
 */
export async function runPoint(env: PointEnv, spec: PointSpec, onStep?: (lastSeq: number, kinds: string[]) => void, say: (s: string) => void = () => undefined, wallets?: Promise<PointWallets>): Promise<PointResult> {
  const t0 = performance.now();
  const swapId = randomBytes(16).toString('hex') as SwapId;
  const dir = path.join(env.work, swapId);
  const tl = TIMELOCKS[spec.path];
  const deal = (role: MatrixRole): Deal => ({ swapId, role, btcAmount: MATRIX_BTC.toString(), xmrAmount: MATRIX_XMR.toString(), cancelTimelock: tl.cancel, punishTimelock: tl.punish, finalityBtc: 1, finalityXmr: 1, safety: 3 });
  const pw = await (wallets ?? env.pointWallets(`${spec.path}-${spec.role}-${swapId.slice(0, 6)}`));
  say(`phase wallets ready +${secSince(t0)} s`);
  try {
    return await runWithWallets(env, spec, pw, swapId, dir, tl, deal, t0, onStep, say);
  } finally {
    pw.release();
  }
}

async function runWithWallets(
  env: PointEnv,
  spec: PointSpec,
  pw: PointWallets,
  swapId: SwapId,
  dir: string,
  tl: { cancel: number; punish: number },
  deal: (role: MatrixRole) => Deal,
  t0: number,
  onStep: ((lastSeq: number, kinds: string[]) => void) | undefined,
  say: (s: string) => void,
): Promise<PointResult> {
  const { btc, xmr } = env;
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
  const addr = { alice: await btcWalletCall<string>(pw.btc.alice, 'getnewaddress', ['', 'bech32']), bob: await btcWalletCall<string>(pw.btc.bob, 'getnewaddress', ['', 'bech32']) };
  const seeds = { alice: toHex(new Uint8Array(randomBytes(32))), bob: toHex(new Uint8Array(randomBytes(32))) };
  const cfg = (role: MatrixRole, mode: 'create' | 'recover', crash: number | null, vanish: boolean, crashActing: number | null = null, boundary: Boundary | null = null): PartyConfig => ({
    mode,
    dataDir: path.join(dir, role),
    seedHex: seeds[role],
    deal: deal(role),
    offer: offer.value,
    listenPort: role === 'alice' ? makerPort : null,
    btc: btcCfg(btc),
    xmr: xmrCfg(xmr, path.join(dir, `${role}-wallets`)),
    wallet: {
      btc: pw.btc[role],
      btcAddress: addr[role],
      xmrDestination: role === 'alice' ? pw.xmr.aliceAddress : pw.xmr.bobAddress,
      xmrDaemonUrl: xmr.daemonUrl,
      xmrPayUrl: role === 'alice' && spec.path !== 'refund' ? env.aliceXmr.wallet.url : null,
      xmrPayAccount: pw.xmr.alice,
    },
    crashAfterRecord: crash,
    crashAtActingStep: crashActing,
    crashAtBoundary: boundary,
    vanishAfterLock: vanish,
  });

  await settlePoint(env, pw);
  const before = await snapshotFunds(env, pw);
  const xmrFrom = await xmr.height();
  say(`phase settled, balances read, parties starting +${secSince(t0)} s`);

  const outcomes = new Map<MatrixRole, string>();
  const punishBob = (r: MatrixRole) => spec.path === 'punish' && r === 'bob';
  /** Bob (punish path) stays away until Alice has her outcome, then comes back to learn his. */
  const comeBackAfterAlice: Array<() => void> = [];
  const noteOutcome = (r: MatrixRole, o: string) => {
    if (!outcomes.has(r)) say(`phase [${r}] ${o} +${secSince(t0)} s`);
    outcomes.set(r, o);
    if (r === 'alice') for (const f of comeBackAfterAlice.splice(0)) f();
  };

  // The killable parties: spec.role, or both.
  const killable: MatrixRole[] = spec.both ? ['alice', 'bob'] : [spec.role];
  const children = new Map<MatrixRole, ChildProcess | null>();
  let running = true;
  let crashed = false;
  const killedAfter: number[] = [];
  const kills: MatrixRole[] = [];
  let together = false;
  let childFailed: string | null = null;
  const down = new Map<MatrixRole, () => void>();
  const pending = [...(spec.crashAlso ?? [])];
  let armed: number | null = spec.crashAfter;
  const restartDown = () => {
    const order: MatrixRole[] = spec.both === 'bob-first' ? ['bob', 'alice'] : ['alice', 'bob'];
    const now = order.filter((r) => down.has(r));
    if (now.length === 2) together = true;
    now.forEach((r, i) => {
      const f = down.get(r)!;
      down.delete(r);
      // The second waits a moment, so the order is the order the processes really come up in.
      setTimeout(f, i * 3_000);
    });
  };
  const spawnChild = (role: MatrixRole, mode: 'create' | 'recover', crash: number | null, vanish: boolean, crashActing: number | null = null, boundary: Boundary | null = null): ChildProcess => {
    const c = fork(CHILD, [JSON.stringify(cfg(role, mode, crash, vanish, crashActing, boundary))], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    say(`phase [${role}] ${mode} child started +${secSince(t0)} s`);
    children.set(role, c);
    let vanished = false;
    // An IPC send to a child that just died must not become an unhandled 'error' that ends the matrix.
    c.on('error', (e) => say(`[${role}] child process error: ${e.message}`));
    c.on('message', (m: ChildMessage) => {
      if (m.type === 'outcome') noteOutcome(role, m.outcome);
      else if (m.type === 'step') {
        if (role === spec.role) onStep?.(m.lastSeq, m.kinds);
      }
      else if (m.type === 'log') say(`[${role}] ${m.line} +${secSince(t0)} s`);
      else if (m.type === 'ready') say(`phase [${role}] ready +${secSince(t0)} s`);
      else if (m.type === 'vanished') vanished = true;
    });
    // 'close', not 'exit': it comes after the IPC pipe was read to its end, so a 'vanished' sent just
    // before the kill is always seen first (on 'exit' it may still sit in the pipe).
    c.on('close', (code, signal) => {
      if (!running || children.get(role) !== c) return;
      if (signal !== 'SIGKILL') {
        // A child that ended on its own (it failed to start: tsx missing while node_modules was being
        // reinstalled, a throw in startParty) is never restarted: end the point now and say why, rather
        // than waiting out the deadline for an outcome that cannot come.
        childFailed ??= `[${role}] child exited on its own (code ${code ?? '-'}, signal ${signal ?? '-'}; its stderr is above)`;
        say(childFailed);
        return;
      }
      if (vanished) {
        say(`[${role}] vanished after his lock`);
        // Back with the boundary still armed when it was not reached yet (Bob's kill after cancel, punish path).
        const back = () => {
          if (running && children.get(role) === c) spawnChild(role, 'recover', null, false, null, kills.includes(role) ? null : (spec.crashAtBoundary ?? null));
        };
        if (outcomes.has('alice')) back();
        else comeBackAfterAlice.push(back);
        return;
      }
      if (crash === null && crashActing === null && boundary === null) return; // not a kill of ours
      crashed = true;
      kills.push(role);
      if (crash !== null) killedAfter.push(crash);
      let next: number | null = null;
      if (role === spec.role && !spec.both) {
        // The next point lies after this one (points already passed would kill at the first append).
        while (pending.length > 0 && pending[0]! <= (crash ?? 0)) pending.shift();
        armed = pending.shift() ?? null;
        next = armed;
      }
      say(`[${role}] killed after ${crash !== null ? `entry ${crash}` : crashActing !== null ? `acting step ${crashActing}` : boundary}; ${spec.both ? 'down' : 'restarting'}${next !== null ? ` (next kill after entry ${next})` : ''}`);
      const restart = () => {
        if (running && children.get(role) === c) spawnChild(role, 'recover', next, punishBob(role) && !outcomes.has('alice'));
      };
      if (!spec.both) return restart();
      down.set(role, restart);
      const other: MatrixRole = role === 'alice' ? 'bob' : 'alice';
      // The other is down too, or was killed (and restarted) already, or is finished: restart now.
      if (down.has(other) || kills.includes(other) || outcomes.has(other)) return restartDown();
      setTimeout(() => {
        if (down.has(role) && !down.has(other)) {
          say(`[${role}] ${other} not killed within ${holdFor(spec.crashAtBoundary) / 1000} s: restarting alone`);
          restartDown();
        }
      }, holdFor(spec.crashAtBoundary));
    });
    return c;
  };
  for (const r of killable) spawnChild(r, 'create', r === spec.role && !spec.both ? armed : null, punishBob(r), r === spec.role && !spec.both ? (spec.crashAtActingStep ?? null) : null, spec.crashAtBoundary ?? null);

  // The other party, in this process (one-party points).
  let party: Party | null = null;
  const startOther = async (other: MatrixRole, mode: 'create' | 'recover', vanish: boolean): Promise<Party> => {
    const p = await startParty(cfg(other, mode, null, vanish), {
      onNote: (n) => (n.kind === 'outcome' ? noteOutcome(other, n.outcome) : n.kind === 'halted' ? noteOutcome(other, `halted: ${n.error.message}`) : undefined),
      log: (l) => (l.level === 'error' || l.event === 'recovered' ? say(`[${other}] ${l.component} ${l.event} ${l.detail ?? ''}`) : undefined),
      onVanish: () => {
        say(`[${other}] vanishes after his lock`);
        const gone = p.stop();
        comeBackAfterAlice.push(() => {
          void gone.then(async () => {
            party = await startOther(other, 'recover', false);
          });
        });
      },
    });
    return p;
  };
  let detail = '';
  if (!spec.both) {
    const other: MatrixRole = spec.role === 'alice' ? 'bob' : 'alice';
    try {
      party = await startOther(other, 'create', punishBob(other));
    } catch (e) {
      detail = `the in-process ${other} failed to start: ${(e as Error).message}`;
    }
  }

  // Generous: two points at once on two loaded cores; a healthy point takes 50-110 s.
  const deadline = performance.now() + 480_000;
  while (!detail && !(outcomes.has('alice') && outcomes.has('bob'))) {
    if (childFailed) {
      detail = childFailed;
      break;
    }
    if (performance.now() > deadline) {
      detail = `timeout: alice=${outcomes.get('alice') ?? 'running'} bob=${outcomes.get('bob') ?? 'running'}`;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  running = false; // no restart from here on
  for (const last of children.values()) {
    // A child that vanished or was killed has no IPC channel left: sending would throw out of the matrix.
    if (last?.connected) last.send({ type: 'stop' }, (e) => e && say(`stop not delivered: ${e.message}`));
  }
  await new Promise((r) => setTimeout(r, 1500));
  // Gone for good before the post-mortem and the accounting open their stores (a live one holds its lock).
  await Promise.all(
    [...children.values()].map((c) =>
      !c || c.exitCode !== null || c.signalCode !== null
        ? undefined
        : new Promise<void>((r) => {
            const t = setTimeout(r, 10_000);
            c.once('exit', () => (clearTimeout(t), r()));
            c.kill('SIGKILL');
          }),
    ),
  );
  await (party as Party | null)?.stop().catch(() => undefined);

  const a = outcomes.get('alice') ?? 'running';
  const b = outcomes.get('bob') ?? 'running';
  const recovered = a === EXPECTED[spec.path] && b === EXPECTED[spec.path];
  if (!recovered) {
    for (const role of MATRIX_ROLES) say(`post-mortem ${role}: ${await postMortem(path.join(dir, role, 'daemon'), swapId).catch((e: unknown) => `failed: ${String(e)}`)}`);
  }
  say(`phase parties stopped +${secSince(t0)} s`);
  const settled = await settlePoint(env, pw);
  const after = await snapshotFunds(env, pw);
  say(`phase settled after +${secSince(t0)} s`);
  const states = await Promise.all(MATRIX_ROLES.map((r) => finalState(path.join(dir, r, 'daemon'), swapId).catch(() => undefined)));
  const acc = await accountParties(env, pw, spec.path, before, after, xmrFrom, states);
  // A swap stuck before its outcome counts as coins at risk, whatever the balances say now.
  const fundsLost = acc.sumOff || !(outcomes.has('alice') && outcomes.has('bob'));
  const partyGap = acc.gaps.some((g) => g.gap !== 0n);
  return {
    ...spec,
    crashed,
    killedAfter,
    kills,
    together,
    alice: a,
    bob: b,
    recovered,
    fundsLost,
    partyGap,
    detail: [detail, settled ? '' : 'wallets not settled in 60 s', acc.detail].filter(Boolean).join('; '),
    sec: Math.round((performance.now() - t0) / 100) / 10,
  };
}

const secSince = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

/** A party's folded state at the end (both processes stopped), for the txids the accounting reads fees of. */
async function finalState(dataDir: string, swapId: SwapId): Promise<SwapState | undefined> {
  const t = await StoreTranscript.open<SwapState>(dataDir, swapDecider(), (raw) => {
    const r = parseSwapState(raw);
    return r.ok ? ok(r.value) : err(r.error);
  });
  if (!t.ok) return undefined;
  try {
    const r = await t.value.recover(swapId);
    return r.ok ? r.value.record.core : undefined;
  } finally {
    await t.value.close();
  }
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
