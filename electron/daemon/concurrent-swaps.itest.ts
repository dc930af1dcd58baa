// Three swaps at once between two daemons on real nodes: one maker node (Alice, one TLS listener for
// all its swaps) and one taker node (Bob, one dialed link per swap), each with one client and one
// wallet. Checked: all three reach `swapped` on both sides; every transcript entry, syncer task and
// peer message a swap produced names that swap only; the three BTC locks and the three XMR locks are
// distinct transactions; both chains balance (parties' sum before == after + fees), and each party's
// own change on each chain equals its three swaps' outcome minus the fees it paid, every fee read from
// the nodes (rigs/crash-matrix/party-accounting.ts), printed per party. Wall time printed.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { createOffer, parseOffer } from '../../shared/offer/offer';
import type { Deal } from '../../shared/protocol/deal';
import type { TranscriptEntry } from '../../shared/protocol/transcript';
import { appError, err } from '../../shared/result';
import { MemoryMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { inProcessSignerWithSeed } from '../client/swap-signer';
import { PeerListener } from '../peer/peer-listener';
import { checkFunds, feesBetween, MATRIX_BTC, MATRIX_XMR, settleChains, snapshotFunds, startMatrixEnv, type MatrixEnv } from '../../rigs/crash-matrix/crash-matrix-env';
import { MATRIX_CHAIN } from '../../rigs/crash-matrix/crash-matrix-party';
import { btcWalletSendFeesAbove, partyLine, readPartyFunds, swapBtcFees, xmrTransfersFrom, type PartyWalletRefs } from '../../rigs/crash-matrix/party-accounting';
import type { SwapState } from '../../shared/protocol/state';
import { btcWalletPayer } from './btc-wallet-payer';
import { taskOwner } from '../../shared/protocol/checks/input-gate';
import { startSwapNode, type SwapNode } from './swap-node';
import { payXmrOnce } from './xmr-wallet-payer';
import { startSteadyMiner } from '../regtest/steady-miner';

const SWAPS = 3;
/**
 * Blocks every second and a wide buy window: with 0.5 s blocks and cancel at 60 blocks, two of three
 * swaps refunded on 2 cores (six parties' syncers and XMR watch wallets fall behind the chain).
 */
const BLOCK_MS = 1000;
const CANCEL = 150;
const PUNISH = 200;
let env: MatrixEnv;
const stops: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  env = await startMatrixEnv({ aliceXmrOutputs: SWAPS + 1 });
}, 300_000);
afterAll(async () => {
  for (const s of stops.reverse()) await s().catch(() => undefined);
  await Promise.race([env?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
});

const workerCfg = (dir: string) => ({
  btc: { chain: 'btc', rpcUrl: env.btc.rpcUrl, rpcUser: env.btc.rpcUser, rpcPassword: env.btc.rpcPassword, feeTargetBlocks: 2, pollMs: 100, stallMs: 3_600_000, rpcTimeoutMs: 10_000, maxBackoffMs: 1_000 } as const,
  xmr: { chain: 'xmr', daemonUrl: env.xmr.daemonUrl, walletRpcBin: 'monero-wallet-rpc', walletDir: dir, walletRpcStartTimeoutMs: 60_000, pollMs: 250, stallMs: 3_600_000, rpcTimeoutMs: 30_000, maxBackoffMs: 1_000 } as const,
});

describe('three concurrent swaps between two daemons (real nodes, real TLS links)', () => {
  it('all reach swapped with no interference and no coin lost', async () => {
    const t0 = performance.now();
    const work = path.join(env.work, 'concurrent');
    const notes: Array<{ node: string; swapId: SwapId; entry: TranscriptEntry }> = [];
    const outcomes = new Map<string, string>();
    const problems: string[] = [];
    const [alicePayout, bobRefund] = [await env.newAddress('alice'), await env.newAddress('bob')];
    const xmrHeight = () => env.xmr.height();
    const node = async (name: 'alice' | 'bob', client: HeadlessClient): Promise<SwapNode> => {
      const n = await startSwapNode({
        name,
        dataDir: path.join(work, name),
        chain: MATRIX_CHAIN,
        client,
        ...workerCfg(path.join(work, `${name}-wallets`)),
        log: (l) => {
          if (l.level === 'error' || l.level === 'warn') problems.push(`${(performance.now() - t0).toFixed(0)}ms [${name}] ${l.swapId?.slice(0, 8) ?? ''} ${l.component} ${l.event} ${l.detail ?? ''}`.slice(0, 300));
        },
        onNote: (swapId, note) => {
          if (note.kind === 'progress') notes.push({ node: name, swapId, entry: note.entry });
          if (note.kind === 'outcome') outcomes.set(`${name}:${swapId}`, note.outcome);
          if (note.kind === 'halted') outcomes.set(`${name}:${swapId}`, `halted: ${note.error.message}`);
        },
      });
      if (!n.ok) throw new Error(n.error.message);
      stops.push(() => n.value.stop());
      return n.value;
    };
    const aliceClient = new HeadlessClient({
      signer: inProcessSignerWithSeed(new Uint8Array(randomBytes(32))),
      chain: MATRIX_CHAIN,
      memo: new MemoryMemoStore(),
      wallet: {
        btcAddress: async () => alicePayout,
        xmrDestination: async () => env.aliceXmr.address,
        xmrHeight,
        fundingVout: async () => err(appError('no-funding', 'Alice never funds BTC')),
        payXmr: (address, piconero) => payXmrOnce(env.aliceXmr.wallet, address, piconero),
      },
    });
    const bobClient = new HeadlessClient({
      signer: inProcessSignerWithSeed(new Uint8Array(randomBytes(32))),
      chain: MATRIX_CHAIN,
      memo: new MemoryMemoStore(),
      wallet: { btcAddress: async () => bobRefund, xmrDestination: async () => env.bobXmr.address, xmrHeight, ...btcWalletPayer(env.btcWallets.bob) },
    });
    const [alice, bob] = await Promise.all([node('alice', aliceClient), node('bob', bobClient)]);
    const listener = await PeerListener.listen({ identity: alice.identity });
    if (!listener.ok) throw new Error(listener.error.message);
    stops.push(() => listener.value.close());
    alice.serve(listener.value);

    await settleChains(env);
    const before = await snapshotFunds(env);
    const parties: Record<'alice' | 'bob', PartyWalletRefs> = {
      alice: { btc: env.btcWallets.alice, xmr: { wallet: env.aliceXmr.wallet } },
      bob: { btc: env.btcWallets.bob, xmr: { wallet: env.bobXmr.w } },
    };
    const partyBefore = { alice: await readPartyFunds(parties.alice), bob: await readPartyFunds(parties.bob) };
    const miner = startSteadyMiner(env.btc, env.xmr, BLOCK_MS);
    stops.push(() => miner.stop());

    const nowSec = Math.floor(Date.now() / 1000);
    const swapIds: SwapId[] = [];
    await Promise.all(
      Array.from({ length: SWAPS }, async () => {
        const swapId = randomBytes(16).toString('hex') as SwapId;
        swapIds.push(swapId);
        const offer = createOffer(
          {
            offerId: swapId, network: 'regtest', makerRole: 'alice', btcSats: MATRIX_BTC.toString(), xmrPiconero: MATRIX_XMR.toString(),
            cancelTimelock: CANCEL, punishTimelock: PUNISH, fee: { kind: 'fixed', satPerKvB: 2000 }, expiresAt: nowSec + 3600,
            makerKey: alice.identity.publicKeyHex, makerAddress: { host: '127.0.0.1', port: listener.value.port },
          },
          alice.identitySeed,
          { nowSec },
        );
        if (!offer.ok) throw new Error(offer.error.message);
        const o = parseOffer(offer.value, { nowSec });
        if (!o.ok) throw new Error(o.error.message);
        const deal = (role: 'alice' | 'bob'): Deal => ({ swapId, role, btcAmount: MATRIX_BTC.toString(), xmrAmount: MATRIX_XMR.toString(), cancelTimelock: CANCEL, punishTimelock: PUNISH, finalityBtc: 1, finalityXmr: 1, safety: 3 });
        await Promise.all([aliceClient.register(deal('alice')), bobClient.register(deal('bob'))]);
        const [a, b] = await Promise.all([alice.daemon.createSwap(deal('alice'), offer.value), bob.daemon.createSwap(deal('bob'), offer.value)]);
        if (!a.ok) throw new Error(a.error.message);
        if (!b.ok) throw new Error(b.error.message);
        const opened = alice.openOnListener(swapId);
        if (!opened.ok) throw new Error(opened.error.message);
        bob.dialMaker(swapId, { host: o.value.makerAddress.host, port: o.value.makerAddress.port, key: o.value.makerKey });
      }),
    );

    const deadline = performance.now() + 400_000;
    while (outcomes.size < 2 * SWAPS) {
      if (performance.now() > deadline) throw new Error(`timeout: ${[...outcomes].map(([k, v]) => `${k.slice(0, 14)}=${v}`).join(' ')} of ${2 * SWAPS}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const wallSec = Math.round((performance.now() - t0) / 100) / 10;
    await miner.stop();
    console.log(`${SWAPS} concurrent swaps: all outcomes in ${wallSec} s`);
    if (problems.length > 0) console.log(problems.join('\n'));
    // On a failure, who asked whom for what: the peer messages and client requests of every swap.
    const trail = () => notes.filter((n) => n.entry.kind === 'peer-out' || n.entry.kind === 'client-request').map((n) => `${n.node} ${n.swapId.slice(0, 8)} #${n.entry.seq} ${n.entry.kind === 'peer-out' ? n.entry.msg.type : n.entry.kind === 'client-request' ? n.entry.request.kind : ''}`).join('\n');
    expect([...outcomes.values()], trail()).toEqual(Array(2 * SWAPS).fill('swapped'));

    // No interference: everything a swap recorded or asked for is its own.
    for (const n of notes) {
      expect(n.entry.swapId).toBe(n.swapId);
      if (n.entry.kind === 'btc-task' || n.entry.kind === 'xmr-task') expect(taskOwner(n.entry.task.id)).toBe(n.swapId);
      if (n.entry.kind === 'peer-in' || n.entry.kind === 'peer-out') expect(n.entry.msg.swapId).toBe(n.swapId);
    }
    for (const id of swapIds) for (const nodeName of ['alice', 'bob']) expect(notes.some((x) => x.swapId === id && x.node === nodeName && x.entry.kind === 'peer-in')).toBe(true);
    // Distinct locks: a BTC broadcast from each of Bob's swaps, one XMR lock transfer per swap from Alice's wallet.
    const btcBroadcasts = notes.filter((x) => x.node === 'bob' && x.entry.kind === 'btc-task' && x.entry.task.kind === 'broadcast');
    expect(new Set(btcBroadcasts.map((x) => x.swapId)).size).toBe(SWAPS);
    await env.aliceXmr.wallet.rpc('refresh', {});
    const out = await env.aliceXmr.wallet.rpc<{ out?: Array<{ txid: string; amount: number; destinations?: Array<{ address: string }> }> }>('get_transfers', { out: true });
    const locks = (out.out ?? []).filter((t) => BigInt(t.amount) === MATRIX_XMR && t.destinations?.every((d) => d.address !== env.aliceXmr.address));
    expect(new Set(locks.map((t) => t.txid)).size).toBe(SWAPS);
    expect(new Set(locks.flatMap((t) => (t.destinations ?? []).map((d) => d.address))).size).toBe(SWAPS);

    await settleChains(env);
    const after = await snapshotFunds(env);
    const funds = checkFunds(before, after, await feesBetween(env, before, after), 0n);
    console.log(`funds: ${funds.detail}`);
    expect(funds.lost, funds.detail).toBe(false);

    // Per party: Bob pays each swap's BTC, its lock fee and his wallet's funding fees and gets its XMR
    // less the sweep's fee; Alice gets the BTC less the buy fee and pays the XMR and her transfer fees.
    const states = swapIds.map((id) => alice.daemon.actor(id)?.record.core as SwapState | undefined);
    const f = await swapBtcFees(env.btc, states);
    expect(Object.keys(f).sort()).toEqual(['buy', 'lock']);
    const bobSends = await btcWalletSendFeesAbove(env.btcWallets.bob, before.btcHeight);
    const aliceX = await xmrTransfersFrom(env.xmr, parties.alice.xmr!, before.xmrHeight);
    const bobX = await xmrTransfersFrom(env.xmr, parties.bob.xmr!, before.xmrHeight);
    const n = BigInt(SWAPS);
    const partyAfter = { alice: await readPartyFunds(parties.alice), bob: await readPartyFunds(parties.bob) };
    const lines = [
      partyLine('alice', 'btc', partyBefore.alice.btcSats, partyAfter.alice.btcSats, n * MATRIX_BTC - f['buy']!, `${SWAPS} x ${MATRIX_BTC} - buy fees ${f['buy']}`),
      partyLine('alice', 'xmr', partyBefore.alice.xmrPico, partyAfter.alice.xmrPico, -n * MATRIX_XMR - aliceX.outFees - aliceX.inTxFees, `-${SWAPS} x ${MATRIX_XMR} - transfer fees ${aliceX.outFees} (${aliceX.outCount} out)`),
      partyLine('bob', 'btc', partyBefore.bob.btcSats, partyAfter.bob.btcSats, -n * MATRIX_BTC - f['lock']! - bobSends.fees, `-${SWAPS} x ${MATRIX_BTC} - lock fees ${f['lock']} - wallet send fees ${bobSends.fees} (${bobSends.count} txs)`),
      partyLine('bob', 'xmr', partyBefore.bob.xmrPico, partyAfter.bob.xmrPico, n * MATRIX_XMR - bobX.inTxFees - bobX.outFees, `${SWAPS} x ${MATRIX_XMR} - sweep fees ${bobX.inTxFees} (${bobX.inCount} in)`),
    ];
    console.log(`per-party accounting:\n${lines.map((l) => `  ${l.text}`).join('\n')}`);
    expect(lines.filter((l) => l.gap !== 0n).map((l) => l.text)).toEqual([]);
    await env.bobXmr.w.rpc('refresh', {});
    const inbound = await env.bobXmr.w.rpc<{ in?: Array<{ amount: number; txid: string }> }>('get_transfers', { in: true });
    expect(new Set((inbound.in ?? []).map((t) => t.txid)).size).toBeGreaterThanOrEqual(SWAPS);
  }, 600_000);
});
