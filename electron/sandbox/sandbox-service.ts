// The local sandbox: real regtest nodes (litecoind + monerod), a maker daemon (Alice, sells XMR) that
// makes a fresh signed offer on request, a funded "your other wallet" on each chain, and a miner.
// A loopback control server (bearer token, 0600 info file) lets the wallet host ask for an offer,
// suggested addresses and a payment from the sandbox BTC wallet. Guards: nothing listens beyond
// 127.0.0.1; every request body is schema-checked; stop() tears every child down.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import type { SwapId } from '../../shared/ids';
import { createOffer, identityKeyOf, parseOffer } from '../../shared/offer/offer';
import { dealFromOffer } from '../../shared/offer/offer-deal';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { FileMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { inProcessSigner } from '../client/swap-signer';
import { startSwapNode, type SwapNode } from '../daemon/swap-node';
import { payXmrOnce } from '../daemon/xmr-wallet-payer';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { PeerListener } from '../peer/peer-listener';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type WalletRpc, type XmrRegtest } from '../regtest';
import { startSteadyMiner } from '../regtest/steady-miner';
import { SandboxInfoSchema, type SandboxInfo } from './sandbox-info';

export interface SandboxOptions {
  /** Where the info file, the maker's data and the wallets live. */
  readonly dir: string;
  /** A block on each chain this often. */
  readonly blockMs?: number;
  readonly say?: (line: string) => void;
  /** Maker offer terms (defaults: 0.01 BTC for 1 XMR, cancel 60 / punish 80 blocks: room for a loaded machine). */
  readonly terms?: { btcSats?: string; xmrPiconero?: string; cancelTimelock?: number; punishTimelock?: number };
}

export interface Sandbox {
  readonly info: SandboxInfo;
  /** A fresh single-use offer; the maker's side of the swap exists before the string is returned. */
  newOffer(opts?: { lockXmr?: boolean }): Promise<Result<string, AppError>>;
  stop(): Promise<void>;
}

const chain = { network: BTC_NETWORKS['litecoin-regtest'], feeRateSatPerKvB: 2000n };
const PayBody = z.object({ address: z.string().min(1).max(200), sats: z.string().regex(/^[0-9]{1,16}$/) }).strict();
const OfferBody = z.object({ lockXmr: z.boolean().optional() }).strict();

export async function startSandbox(o: SandboxOptions): Promise<Sandbox> {
  const say = o.say ?? (() => undefined);
  const cleanup: Array<() => unknown> = [];
  const stop = async () => {
    for (const c of cleanup.splice(0).reverse()) {
      try {
        await c();
      } catch {
        /* keep tearing down: every stop is idempotent */
      }
    }
  };
  try {
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
    say('starting litecoind and monerod regtest nodes');
    const [btc, xmr] = await Promise.all([startBtcRegtest(), startXmrRegtest()]);
    cleanup.push(() => btc.stop(), () => xmr.stop());
    say('funding the maker and your sandbox Monero wallet');
    const makerXmr = await xmr.fundedWallet(40_000_000_000_000n);
    cleanup.push(() => makerXmr.wallet.stop());
    const yourXmr = await xmr.startWalletRpc();
    cleanup.push(() => yourXmr.stop());
    await yourXmr.rpc('create_wallet', { filename: 'your-xmr', language: 'English' });
    const yourXmrAddress = (await yourXmr.rpc<{ address: string }>('get_address', { account_index: 0 })).address;
    const yourBtcAddress = await btc.newAddress('bech32');

    const maker = await startMaker(o.dir, btc, xmr, makerXmr, say);
    cleanup.push(() => maker.stop());

    const blockMs = o.blockMs ?? 1000;
    const miner = startSteadyMiner(btc, xmr, blockMs);
    cleanup.push(() => miner.stop());

    const token = randomBytes(24).toString('hex');
    const newOffer = (opts?: { lockXmr?: boolean }) => maker.newOffer(o.terms ?? {}, opts?.lockXmr ?? true);
    const server = http.createServer((req, res) => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { ok: false, error: { kind: 'sandbox-auth', message: 'bad token' } });
      if (req.method !== 'POST') return reply(405, { ok: false, error: { kind: 'sandbox-method', message: 'POST only' } });
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 16_384) chunks.push(c);
      });
      req.on('end', async () => {
        let body: unknown;
        try {
          body = size > 16_384 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        } catch {
          body = undefined;
        }
        const route = req.url ?? '';
        try {
          if (route === '/offer') {
            const b = OfferBody.safeParse(body);
            if (!b.success) return reply(400, { ok: false, error: { kind: 'sandbox-request', message: 'body: {lockXmr?: boolean}' } });
            return reply(200, await newOffer(b.data));
          }
          if (route === '/pay-btc') {
            const b = PayBody.safeParse(body);
            if (!b.success) return reply(400, { ok: false, error: { kind: 'sandbox-request', message: 'body: {address, sats}' } });
            return reply(200, ok({ txid: await btc.sendTo(b.data.address, BigInt(b.data.sats)) }));
          }
          return reply(404, { ok: false, error: { kind: 'sandbox-route', message: `no route ${route.slice(0, 40)}` } });
        } catch (e) {
          return reply(200, err(appError('sandbox-failed', e instanceof Error ? e.message : String(e))));
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    cleanup.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

    const info: SandboxInfo = SandboxInfoSchema.parse({
      v: 1,
      pid: process.pid,
      controlUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token,
      btc: { rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword },
      xmr: { daemonUrl: xmr.daemonUrl },
      addresses: { btc: yourBtcAddress, xmr: yourXmrAddress },
      blockMs,
    });
    const file = path.join(o.dir, 'sandbox.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(info, null, 2), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    say(`sandbox ready: ${file}`);
    return { info, newOffer, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

interface Maker {
  newOffer(terms: NonNullable<SandboxOptions['terms']>, lockXmr: boolean): Promise<Result<string, AppError>>;
  stop(): Promise<void>;
}

/** The counterparty of every sandbox swap: a maker node whose headless client pays XMR on request. */
async function startMaker(dir: string, btc: BtcRegtest, xmr: XmrRegtest, makerXmr: { wallet: WalletRpc; address: string }, say: (l: string) => void): Promise<Maker> {
  const payout = await btc.newAddress('bech32');
  /** Swaps whose XMR the maker never locks: the refund path, played on request. */
  const noLock = new Set<string>();
  const client = new HeadlessClient({
    // The maker is the sandbox's stand-in for another person: its seed lives in a memory keychain.
    signer: inProcessSigner(createMemoryKeychain()),
    chain,
    memo: new FileMemoStore(path.join(dir, 'maker', 'client')),
    wallet: {
      btcAddress: async () => payout,
      xmrDestination: async () => makerXmr.address,
      xmrHeight: () => xmr.height(),
      fundingVout: async () => err(appError('no-funding', 'the maker sells XMR')),
      payXmr: async (address, piconero) => {
        if (noLock.has(address)) return err(appError('sandbox-no-lock', 'this sandbox offer plays the refund path: the maker never locks'));
        return payXmrOnce(makerXmr.wallet, address, piconero);
      },
    },
    log: (e, d) => say(`maker client: ${e} ${d ?? ''}`),
  });
  const node: SwapNode = await startSwapNode({
    name: 'maker',
    dataDir: path.join(dir, 'maker', 'daemon'),
    chain,
    client,
    btc: { chain: 'btc', rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword, feeTargetBlocks: 2, pollMs: 250, stallMs: 3_600_000, rpcTimeoutMs: 10_000, maxBackoffMs: 2_000 },
    xmr: { chain: 'xmr', daemonUrl: xmr.daemonUrl, walletRpcBin: 'monero-wallet-rpc', walletDir: path.join(dir, 'maker', 'xmr-wallets'), walletRpcStartTimeoutMs: 60_000, pollMs: 500, stallMs: 3_600_000, rpcTimeoutMs: 30_000, maxBackoffMs: 2_000 },
    log: (l) => (l.level === 'error' || l.event === 'outcome' ? say(`maker ${l.component} ${l.event}${l.detail ? `: ${l.detail}` : ''}`) : undefined),
    onNote: (id, n) => {
      if (n.kind === 'outcome') say(`maker swap ${id.slice(0, 8)}: ${n.outcome}`);
      if (n.kind === 'halted') say(`maker swap ${id.slice(0, 8)} halted: ${n.error.message}`);
      // The refund path: remember the joint address so the payer refuses it.
      if (n.kind === 'progress' && n.entry.kind === 'client-request' && n.entry.request.kind === 'lock-xmr' && pendingNoLock.has(id)) noLock.add(n.entry.request.address);
    },
  }).then((r) => {
    if (!r.ok) throw new Error(`maker node: ${r.error.message}`);
    return r.value;
  });
  const pendingNoLock = new Set<string>();
  // The offers carry the node's persistent identity; the node serves its swaps on this listener.
  const identitySeed = node.identitySeed;
  const listener = await PeerListener.listen({ identity: node.identity });
  if (!listener.ok) {
    await node.stop();
    throw new Error(`maker listener: ${listener.error.message}`);
  }
  node.serve(listener.value);
  return {
    async newOffer(t, lockXmr) {
      const offerId = randomBytes(16).toString('hex') as SwapId;
      const nowSec = Math.floor(Date.now() / 1000);
      const offer = createOffer(
        {
          offerId,
          network: 'regtest',
          makerRole: 'alice',
          btcSats: t.btcSats ?? '1000000',
          xmrPiconero: t.xmrPiconero ?? '1000000000000',
          cancelTimelock: t.cancelTimelock ?? 60,
          punishTimelock: t.punishTimelock ?? 80,
          fee: { kind: 'fixed', satPerKvB: Number(chain.feeRateSatPerKvB) },
          expiresAt: nowSec + 24 * 3600,
          makerKey: identityKeyOf(identitySeed),
          makerAddress: { host: '127.0.0.1', port: listener.value.port },
        },
        identitySeed,
        { nowSec },
      );
      if (!offer.ok) return offer;
      const parsed = parseOffer(offer.value, { nowSec });
      if (!parsed.ok) return parsed;
      const deal = dealFromOffer(parsed.value, 'maker');
      if (!deal.ok) return deal;
      if (!lockXmr) pendingNoLock.add(offerId);
      await client.register(deal.value);
      const created = await node.daemon.createSwap(deal.value, offer.value);
      if (!created.ok) return created;
      const link = node.openOnListener(offerId);
      if (!link.ok) return link;
      say(`maker offer ${offerId.slice(0, 8)}${lockXmr ? '' : ' (refund path: the maker will not lock XMR)'}`);
      return ok(offer.value);
    },
    async stop() {
      await node.stop();
      listener.value.close();
    },
  };
}
