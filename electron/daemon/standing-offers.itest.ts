// One standing offer taken by two takers on real nodes (litecoind + monerod + wallet-rpc, real TLS
// links): one maker node (Alice, its offer book and one listener) and two taker nodes (Bob, each with
// its own peer identity). Checked: both takes get their own derived swap ids and both swaps reach
// `swapped` on both sides, at the take's amounts; a take beyond the capacity, outside the range, of an
// expired offer, naming a swap id not derived from the taker's key, and of a revoked offer are refused
// with their typed reason and change nothing (the book's file bytes, the maker's swaps and bindings,
// the taker's swaps); revoking the offer while both swaps run does not disturb them. Per-party accounting
// (rigs/crash-matrix/party-accounting.ts): the maker's change on each chain, and the takers', equals
// the two swaps' outcome for it minus the fees it paid, every fee read from the nodes, printed. The
// two takers share one wallet per chain (one person taking twice), so they are accounted together.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { identityKeyOf } from '../../shared/offer/offer';
import { runningTakes } from '../../shared/offer/offer-registry';
import type { OfferTerms } from '../../shared/offer/offer-schema';
import { takeSwapId } from '../../shared/offer/standing-offer';
import { appError, err } from '../../shared/result';
import { MATRIX_BTC, MATRIX_XMR, settleChains, startMatrixEnv, type MatrixEnv } from '../../rigs/crash-matrix/crash-matrix-env';
import { startTakerNode, type TakerNode } from '../../rigs/maker/taker-node';
import { btcWalletSendFeesAbove, partyLine, readPartyFunds, swapBtcFees, xmrTransfersFrom, type PartyWalletRefs } from '../../rigs/crash-matrix/party-accounting';
import type { SwapState } from '../../shared/protocol/state';
import type { ClientWallet } from '../client/client-wallet';
import { TakerBindings } from '../peer/peer-files';
import { PeerListener } from '../peer/peer-listener';
import { requestTake } from '../peer/take-request';
import { btcWalletPayer } from './btc-wallet-payer';
import { OfferBook } from './offer-book';
import { serveStandingOffers, takeStandingOffer } from './standing-offers';
import { payXmrOnce } from './xmr-wallet-payer';
import { startSteadyMiner } from '../regtest/steady-miner';

/** Blocks every second and a wide buy window, as in concurrent-swaps.itest.ts (three parties' syncers on 2 cores). */
const BLOCK_MS = 1000;
const CANCEL = 150;
const PUNISH = 200;
let env: MatrixEnv;
const stops: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  env = await startMatrixEnv({ aliceXmrOutputs: 3 });
}, 300_000);
afterAll(async () => {
  for (const s of stops.reverse()) await s().catch(() => undefined);
  await Promise.race([env?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
});

type Party = TakerNode;
/** Bob1's take nonce, fixed so the test can ask his take again. */
const BOB1_NONCE = 'b0b1'.repeat(8);

describe('a standing offer taken by two takers (real nodes, real TLS links)', () => {
  it('both swap to the end; refused takes change nothing; a revoke leaves running swaps alone', async () => {
    const t0 = performance.now();
    const work = path.join(env.work, 'standing');
    const outcomes = new Map<string, string>();
    const ended: Array<(id: string) => void> = [];
    const [alicePayout, bobRefund] = [await env.newAddress('alice'), await env.newAddress('bob')];
    const xmrHeight = () => env.xmr.height();
    // A node of rigs/maker/taker-node.ts (the maker's node too: its listener and book are added below).
    const party = async (name: string, wallet: ClientWallet): Promise<Party> => {
      const t = await startTakerNode({
        name,
        work,
        chains: env,
        wallet,
        timing: { btcPollMs: 100, xmrPollMs: 250 },
        onEnd: (swapId, outcome) => {
          outcomes.set(`${name}:${swapId}`, outcome);
          if (!outcome.startsWith('halted')) for (const f of ended) f(swapId);
        },
      });
      stops.push(() => t.node.stop());
      return t;
    };
    const bobWallet = { btcAddress: async () => bobRefund, xmrDestination: async () => env.bobXmr.address, xmrHeight, ...btcWalletPayer(env.btcWallets.bob) };
    const [alice, bob1, bob2] = await Promise.all([
      party('alice', {
        btcAddress: async () => alicePayout,
        xmrDestination: async () => env.aliceXmr.address,
        xmrHeight,
        fundingVout: async () => err(appError('no-funding', 'Alice never funds BTC')),
        payXmr: (address, piconero) => payXmrOnce(env.aliceXmr.wallet, address, piconero),
      }),
      party('bob1', bobWallet),
      party('bob2', bobWallet),
    ]);
    expect(bob1.node.identity.publicKeyHex).not.toBe(bob2.node.identity.publicKeyHex);

    // The maker: listener, offer book, standing offers answered on the listener.
    const listener = await PeerListener.listen({ identity: alice.node.identity });
    if (!listener.ok) throw new Error(listener.error.message);
    stops.push(() => listener.value.close());
    alice.node.serve(listener.value);
    const bookFile = path.join(work, 'alice', 'offers.json');
    const book = OfferBook.open(bookFile);
    if (!book.ok) throw new Error(book.error.message);
    const takersDir = path.join(work, 'alice', 'peer', 'takers');
    const maker = serveStandingOffers({ node: alice.node, client: alice.client, book: book.value, listener: listener.value, bindings: new TakerBindings(takersDir) });
    ended.push((id) => maker.swapEnded(id));

    const nowSec = Math.floor(Date.now() / 1000);
    const terms = (expiresAt: number): OfferTerms => ({
      offerId: randomBytes(16).toString('hex') as SwapId, network: 'regtest', makerRole: 'alice',
      btcSats: MATRIX_BTC.toString(), xmrPiconero: MATRIX_XMR.toString(), cancelTimelock: CANCEL, punishTimelock: PUNISH,
      fee: { kind: 'fixed', satPerKvB: 2000 }, expiresAt, makerKey: identityKeyOf(alice.node.identitySeed),
      makerAddress: { host: '127.0.0.1', port: listener.value.port }, standing: { minBtcSats: (MATRIX_BTC / 2n).toString(), capacity: 2 },
    });
    const offerTerms = terms(nowSec + 3600);
    const offer = maker.publish(offerTerms, { nowSec });
    if (!offer.ok) throw new Error(offer.error.message);
    const shortTerms = terms(nowSec + 3);
    const shortLived = maker.publish(shortTerms, { nowSec });
    if (!shortLived.ok) throw new Error(shortLived.error.message);

    await settleChains(env);
    const parties: Record<'maker' | 'takers', PartyWalletRefs> = {
      maker: { btc: env.btcWallets.alice, xmr: { wallet: env.aliceXmr.wallet } },
      takers: { btc: env.btcWallets.bob, xmr: { wallet: env.bobXmr.w } },
    };
    const fundsBefore = { maker: await readPartyFunds(parties.maker), takers: await readPartyFunds(parties.takers) };
    const [btcFrom, xmrFrom] = [await env.btc.rpc<number>('getblockcount'), await env.xmr.height()];
    const miner = startSteadyMiner(env.btc, env.xmr, BLOCK_MS);
    stops.push(() => miner.stop());

    // Two takers, two amounts in the range, at the same time.
    const takes = await Promise.all([
      takeStandingOffer({ node: bob1.node, client: bob1.client, offer: offer.value, btcSats: MATRIX_BTC, ask: { nonce: BOB1_NONCE } }),
      takeStandingOffer({ node: bob2.node, client: bob2.client, offer: offer.value, btcSats: MATRIX_BTC / 2n }),
    ]);
    const swapIds = takes.map((t) => {
      if (!t.ok) throw new Error(`${t.error.kind}: ${t.error.message}`);
      return t.value.swapId;
    });
    expect(new Set([...swapIds, offerTerms.offerId]).size).toBe(3);
    expect(takes.map((t) => t.ok && t.value.deal.xmrAmount)).toEqual([MATRIX_XMR.toString(), (MATRIX_XMR / 2n).toString()]);
    expect([...alice.node.daemon.swapIds].sort()).toEqual([...swapIds].sort());
    for (const id of swapIds) expect(alice.node.daemon.actor(id)?.record.genesis.deal.swapId).toBe(id);

    // Refusals: each with its typed reason, and nothing changes on the maker (or the taker).
    const makerState = () => ({ book: fs.readFileSync(bookFile, 'utf8'), swaps: [...alice.node.daemon.swapIds].sort(), bindings: fs.readdirSync(takersDir).sort() });
    const before = makerState();
    const full = await takeStandingOffer({ node: bob1.node, client: bob1.client, offer: offer.value, btcSats: MATRIX_BTC });
    expect(full.ok ? 'accepted' : full.error.kind).toBe('offer-full');
    if (!full.ok) console.log(`refused beyond capacity: ${full.error.message}`);
    expect(bob1.node.daemon.swapIds).toEqual([swapIds[0]]);
    const ask = async (offerId: SwapId, btcSats: bigint, swapIdOf?: (nonce: string) => SwapId) => {
      const nonce = randomBytes(16).toString('hex');
      const swapId = swapIdOf ? swapIdOf(nonce) : takeSwapId(offerId, bob2.node.identity.publicKeyHex, nonce);
      const target = { host: '127.0.0.1', port: listener.value.port, key: alice.node.identity.publicKeyHex };
      const r = await requestTake(target, bob2.node.identity, swapId, { offerId, nonce, btcSats: btcSats.toString() });
      return r.ok ? 'accepted' : r.error.kind;
    };
    expect(await ask(offerTerms.offerId, MATRIX_BTC / 2n - 1n)).toBe('take-out-of-range');
    expect(await ask(offerTerms.offerId, MATRIX_BTC / 2n, (n) => takeSwapId(offerTerms.offerId, bob1.node.identity.publicKeyHex, n))).toBe('take-bad-swap-id');
    expect(await ask('ffffffffffffffffffffffffffffffff' as SwapId, MATRIX_BTC)).toBe('offer-unknown');
    await new Promise((r) => setTimeout(r, Math.max(0, (shortTerms.expiresAt + 1) * 1000 - Date.now())));
    expect(await ask(shortTerms.offerId, MATRIX_BTC)).toBe('offer-expired');
    // Bob1's take asked again with its nonce (what askTake does when an answer came late): answered
    // with the swap already made for it (its link), and nothing new at the maker: no second swap.
    const target = { host: '127.0.0.1', port: listener.value.port, key: alice.node.identity.publicKeyHex };
    const again = await requestTake(target, bob1.node.identity, swapIds[0]!, { offerId: offerTerms.offerId, nonce: BOB1_NONCE, btcSats: MATRIX_BTC.toString() });
    expect(again.ok ? 'accepted' : again.error.kind).toBe('accepted');
    expect(makerState()).toEqual(before);

    // Revoke while both swaps run: new takes are refused (changing nothing), the swaps go on.
    maker.revoke(offerTerms.offerId);
    const revoked = makerState();
    expect(await ask(offerTerms.offerId, MATRIX_BTC)).toBe('offer-revoked');
    expect(makerState()).toEqual(revoked);
    expect(runningTakes(book.value.snapshot.offers[offerTerms.offerId]!).map((t) => t.swapId).sort()).toEqual([...swapIds].sort());

    const deadline = performance.now() + 400_000;
    while (outcomes.size < 4) {
      if (performance.now() > deadline) throw new Error(`timeout: ${[...outcomes].map(([k, v]) => `${k.slice(0, 14)}=${v}`).join(' ')} of 4`);
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`two takes of one standing offer: both outcomes in ${Math.round((performance.now() - t0) / 100) / 10} s`);
    await miner.stop();
    expect(Object.fromEntries(outcomes)).toEqual({
      [`alice:${swapIds[0]}`]: 'swapped', [`alice:${swapIds[1]}`]: 'swapped', [`bob1:${swapIds[0]}`]: 'swapped', [`bob2:${swapIds[1]}`]: 'swapped',
    });
    // Ended swaps free their places; the offer stays revoked.
    expect(runningTakes(book.value.snapshot.offers[offerTerms.offerId]!)).toEqual([]);
    expect(book.value.snapshot.offers[offerTerms.offerId]!.revoked).toBe(true);

    // Per party: the takers pay the BTC of both takes, the lock fees and their wallet's funding fees and
    // get the XMR less the sweep fees; the maker gets the BTC less the buy fees and pays the XMR and its
    // transfer fees. The amounts are the takes' deals.
    const tAccount = performance.now();
    await settleChains(env);
    const fundsAfter = { maker: await readPartyFunds(parties.maker), takers: await readPartyFunds(parties.takers) };
    const states = swapIds.map((id) => alice.node.daemon.actor(id)?.record.core as SwapState | undefined);
    const btcSum = states.reduce((s, st) => s + BigInt(st!.deal.btcAmount), 0n);
    const xmrSum = states.reduce((s, st) => s + BigInt(st!.deal.xmrAmount), 0n);
    const f = await swapBtcFees(env.btc, states);
    expect(Object.keys(f).sort()).toEqual(['buy', 'lock']);
    const sends = await btcWalletSendFeesAbove(env.btcWallets.bob, btcFrom);
    const makerX = await xmrTransfersFrom(env.xmr, parties.maker.xmr!, xmrFrom);
    const takersX = await xmrTransfersFrom(env.xmr, parties.takers.xmr!, xmrFrom);
    const lines = [
      partyLine('maker', 'btc', fundsBefore.maker.btcSats, fundsAfter.maker.btcSats, btcSum - f['buy']!, `${btcSum} - buy fees ${f['buy']}`),
      partyLine('maker', 'xmr', fundsBefore.maker.xmrPico, fundsAfter.maker.xmrPico, -xmrSum - makerX.outFees - makerX.inTxFees, `-${xmrSum} - transfer fees ${makerX.outFees} (${makerX.outCount} out)`),
      partyLine('takers', 'btc', fundsBefore.takers.btcSats, fundsAfter.takers.btcSats, -btcSum - f['lock']! - sends.fees, `-${btcSum} - lock fees ${f['lock']} - wallet send fees ${sends.fees} (${sends.count} txs)`),
      partyLine('takers', 'xmr', fundsBefore.takers.xmrPico, fundsAfter.takers.xmrPico, xmrSum - takersX.inTxFees - takersX.outFees, `${xmrSum} - sweep fees ${takersX.inTxFees} (${takersX.inCount} in)`),
    ];
    console.log(`per-party accounting (${((performance.now() - tAccount) / 1000).toFixed(1)} s):\n${lines.map((l) => `  ${l.text}`).join('\n')}`);
    expect(lines.filter((l) => l.gap !== 0n).map((l) => l.text)).toEqual([]);
  }, 600_000);
});
