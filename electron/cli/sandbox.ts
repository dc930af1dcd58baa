// `npm run sandbox`: local regtest nodes (litecoind + monerod), a funded XMR wallet, and a maker
// daemon (Alice, sells 1 XMR for 0.01 BTC) with its syncer workers, listening on the peer link;
// prints the signed offer and the node endpoints, mines a block on each chain every few seconds,
// and runs until Ctrl-C, then tears every process down.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import type { SwapId } from '../../shared/ids';
import { OFFER_NETWORKS } from '../../shared/offer/offer-networks';
import { createOffer, identityKeyOf } from '../../shared/offer/offer';
import { PeerMessageSchema, type PeerMessage } from '../../shared/protocol/peer-messages';
import { appError, err } from '../../shared/result';
import { FileMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { startSwapNode } from '../daemon/swap-node';
import { payXmrOnce } from '../daemon/xmr-wallet-payer';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { identityFromSeed } from '../peer/peer-identity';
import { PeerListener } from '../peer/peer-listener';
import { startBtcRegtest, startXmrRegtest } from '../regtest';
import { loadOrCreateSeed } from '../signer/seed-store';

const say = (l: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${l}`);
const cleanup: Array<() => unknown> = [];
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  say('stopping the sandbox');
  for (const c of cleanup.reverse()) {
    try {
      await c();
    } catch {
      /* keep tearing down */
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const chain = { network: BTC_NETWORKS['litecoin-regtest'], feeRateSatPerKvB: 2000n };
  say('starting litecoind and monerod regtest nodes');
  const [btc, xmr] = await Promise.all([startBtcRegtest(), startXmrRegtest()]);
  cleanup.push(() => btc.stop(), () => xmr.stop());
  const aliceXmr = await xmr.fundedWallet(5_000_000_000_000n);
  cleanup.push(() => aliceXmr.wallet.stop());
  const work = mkdtempSync(path.join(os.tmpdir(), 'fc-sandbox-'));
  cleanup.push(() => rmSync(work, { recursive: true, force: true }));

  const makerSeed = new Uint8Array(randomBytes(32));
  const listener = await PeerListener.listen({ identity: identityFromSeed(makerSeed) });
  if (!listener.ok) throw new Error(listener.error.message);
  cleanup.push(() => listener.value.close());
  const swapId = randomBytes(16).toString('hex') as SwapId;
  const nowSec = Math.floor(Date.now() / 1000);
  const terms = {
    offerId: swapId,
    network: 'regtest' as const,
    makerRole: 'alice' as const,
    btcSats: '1000000',
    xmrPiconero: '1000000000000',
    cancelTimelock: 30,
    punishTimelock: 40,
    fee: { kind: 'fixed' as const, satPerKvB: Number(chain.feeRateSatPerKvB) },
    expiresAt: nowSec + 24 * 3600,
    makerKey: identityKeyOf(makerSeed),
    makerAddress: { host: '127.0.0.1', port: listener.value.port },
  };
  const offer = createOffer(terms, makerSeed, { nowSec });
  if (!offer.ok) throw new Error(offer.error.message);
  const net = OFFER_NETWORKS.regtest;
  const deal = {
    swapId,
    role: 'alice' as const,
    btcAmount: terms.btcSats,
    xmrAmount: terms.xmrPiconero,
    cancelTimelock: terms.cancelTimelock,
    punishTimelock: terms.punishTimelock,
    finalityBtc: net.btcFinality,
    finalityXmr: net.xmrFinality,
    safety: net.btcSafety,
  };
  const seed = await loadOrCreateSeed(createMemoryKeychain());
  if (!seed.ok) throw new Error(seed.error.message);
  const payout = await btc.newAddress('bech32');
  const client = new HeadlessClient({
    seed: seed.value.seed,
    chain,
    memo: new FileMemoStore(path.join(work, 'client')),
    wallet: {
      btcAddress: async () => payout,
      xmrDestination: async () => aliceXmr.address,
      xmrHeight: () => xmr.height(),
      fundingVout: async () => err(appError('no-funding', 'the maker sells XMR')),
      payXmr: (address, piconero) => payXmrOnce(aliceXmr.wallet, address, piconero),
    },
    log: (e, d) => say(`client: ${e} ${d ?? ''}`),
  });
  await client.register(deal);
  const node = await startSwapNode({
    name: 'maker',
    dataDir: path.join(work, 'daemon'),
    chain,
    client,
    btc: { chain: 'btc', rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword, feeTargetBlocks: 2, pollMs: 250, stallMs: 3_600_000, rpcTimeoutMs: 10_000, maxBackoffMs: 2_000 },
    xmr: { chain: 'xmr', daemonUrl: xmr.daemonUrl, walletRpcBin: 'monero-wallet-rpc', walletDir: path.join(work, 'xmr-wallets'), walletRpcStartTimeoutMs: 60_000, pollMs: 500, stallMs: 3_600_000, rpcTimeoutMs: 30_000, maxBackoffMs: 2_000 },
    log: (l) => (l.level === 'error' || l.event === 'outcome' ? say(`maker ${l.component} ${l.event}${l.detail ? `: ${l.detail}` : ''}`) : undefined),
    onNote: (_id, n) => (n.kind === 'outcome' ? say(`swap outcome: ${n.outcome}`) : n.kind === 'halted' ? say(`swap halted: ${n.error.message}`) : undefined),
  });
  if (!node.ok) throw new Error(node.error.message);
  cleanup.push(() => node.value.stop());
  const created = await node.value.daemon.createSwap(deal, offer.value);
  if (!created.ok) throw new Error(created.error.message);
  node.value.attachLink(swapId, listener.value.open<PeerMessage>({ swapId, bodySchema: PeerMessageSchema as never }));

  const blockMs = Number(process.env['SANDBOX_BLOCK_MS'] ?? 5000);
  const timer = setInterval(() => void Promise.all([btc.mine(1).catch(() => undefined), xmr.mine(1).catch(() => undefined)]), blockMs);
  cleanup.push(() => clearInterval(timer));

  say(`bitcoin (litecoind regtest) RPC: ${btc.rpcUrl} user ${btc.rpcUser}`);
  say(`monerod regtest RPC: ${xmr.daemonUrl}`);
  say(`maker daemon data: ${path.join(work, 'daemon')}; peer link on 127.0.0.1:${listener.value.port}`);
  say(`a block on each chain every ${blockMs} ms; Ctrl-C to stop`);
  console.log(`\nOFFER ${offer.value}\n`);
} catch (e) {
  console.error(`sandbox failed: ${e instanceof Error ? e.message : String(e)}`);
  await shutdown(1);
}
