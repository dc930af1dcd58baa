// Is this node fit for the network the person picked? Asked before a network switch is saved and
// before a swap starts: it answers, it is on that network's chain, it is synced, its version is new
// enough. The judges are pure (unit-tested); the calls only fetch what they judge.
// Invariant: a failing check is a sentence that names the node (host only, never its login) and what
// to do; nothing is saved or started on a failing check.
import { z } from 'zod';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { BTC_NETWORKS } from '../../shared/networks/bitcoin-chains';
import { MONERO_CHAINS } from '../../shared/networks/monero-chains';
import { SWAP_NETWORKS, type SwapNetworkName } from '../../shared/networks/swap-networks';
import { createJsonRpcClient } from '../syncer/json-rpc-client';
import { readRpcCookie } from '../syncer/rpc-cookie';
import { hostOf } from '../syncer/node-failover';
import type { Settings } from '../../shared/ipc/channels';
import type { BtcEndpoint, XmrEndpoint } from './wallet-context';
import { btcEndpoint, xmrEndpoint } from './wallet-endpoints';

/** getblockchaininfo.chain and get_info's nettype of a swap network's two chains, from the network tables. */
function chainsOf(network: string): { btc: string; xmr: string } | undefined {
  if (!(network in SWAP_NETWORKS)) return undefined;
  const n = SWAP_NETWORKS[network as SwapNetworkName];
  return { btc: BTC_NETWORKS[n.btc].coreChain, xmr: MONERO_CHAINS[n.xmr].nettype };
}
/** Bitcoin Core 24 (the first with what the syncer needs without txindex); monerod 0.18 (the current hard fork). */
const MIN_BITCOIN_CORE = 240000;
const MIN_MONEROD = [0, 18] as const;

const BtcChainInfo = z.object({ chain: z.string(), blocks: z.number().int(), headers: z.number().int(), initialblockdownload: z.boolean() });
const BtcNetInfo = z.object({ version: z.number().int(), subversion: z.string() });
const XmrInfo = z.object({
  height: z.number().int(),
  nettype: z.string().optional(),
  mainnet: z.boolean().optional(),
  testnet: z.boolean().optional(),
  stagenet: z.boolean().optional(),
  synchronized: z.boolean().optional(),
  target_height: z.number().int().optional(),
  version: z.string().optional(),
});

export type NodeFacts<T> = { readonly host: string; readonly facts: T };

/** What is wrong with this bitcoind for `network`, or null. Litecoin's regtest stands in for Bitcoin's on regtest only. */
export function judgeBtc(network: string, chainInfo: z.infer<typeof BtcChainInfo>, net: z.infer<typeof BtcNetInfo>): string | null {
  const want = chainsOf(network)?.btc;
  if (!want) return `unknown network ${network}`;
  if (chainInfo.chain !== want) return `is on the "${chainInfo.chain}" chain, not ${network}'s "${want}"`;
  const litecoin = /litecoin/i.test(net.subversion);
  if (litecoin && network !== 'regtest') return 'is a Litecoin node (only the regtest test chains may use one)';
  if (!litecoin && net.version < MIN_BITCOIN_CORE) return `runs Bitcoin Core ${net.subversion || net.version}; version 24 or newer is needed`;
  if (network !== 'regtest' && (chainInfo.initialblockdownload || chainInfo.headers - chainInfo.blocks > 2)) {
    return `is still syncing (block ${chainInfo.blocks} of ${chainInfo.headers}); wait until it has caught up`;
  }
  return null;
}

/** What is wrong with this monerod for `network`, or null. */
export function judgeXmr(network: string, info: z.infer<typeof XmrInfo>): string | null {
  const want = chainsOf(network)?.xmr;
  if (!want) return `unknown network ${network}`;
  const nettype = info.nettype ?? (info.mainnet ? 'mainnet' : info.testnet ? 'testnet' : info.stagenet ? 'stagenet' : 'unknown');
  if (nettype !== want) return `is on Monero ${nettype}, not ${want}`;
  if (info.version) {
    const [major = 0, minor = 0] = info.version.split('.').map((x) => Number.parseInt(x, 10));
    if (major < MIN_MONEROD[0] || (major === MIN_MONEROD[0] && minor < MIN_MONEROD[1])) return `runs monerod ${info.version}; 0.18 or newer is needed`;
  }
  if (network !== 'regtest' && (info.synchronized === false || (info.target_height ?? 0) > info.height + 2)) {
    return `is still syncing (height ${info.height}${info.target_height ? ` of ${info.target_height}` : ''}); wait until it has caught up`;
  }
  return null;
}

async function btcLogin(ep: BtcEndpoint): Promise<Result<{ user?: string; password?: string }, string>> {
  if (ep.rpcCookieFile) return readRpcCookie(ep.rpcCookieFile);
  return ok(ep.rpcUser !== undefined ? { user: ep.rpcUser, password: ep.rpcPassword ?? '' } : {});
}

/** Ask a Bitcoin node and judge it; ok carries its height. */
export async function checkBtcNode(ep: BtcEndpoint, network: string, timeoutMs = 10_000): Promise<Result<{ host: string; height: number }, AppError>> {
  const host = hostOf(ep.rpcUrl);
  const fail = (why: string) => err(appError('node-check', `Bitcoin node ${host} ${why}.`));
  const login = await btcLogin(ep);
  if (!login.ok) return fail(`has a cookie file that cannot be read: ${login.error}`);
  const rpc = createJsonRpcClient({ url: ep.rpcUrl, timeoutMs, ...login.value });
  const [ci, ni] = await Promise.all([rpc.call('getblockchaininfo'), rpc.call('getnetworkinfo')]);
  if (!ci.ok) return fail(`does not answer: ${ci.error.message}`);
  if (!ni.ok) return fail(`does not answer: ${ni.error.message}`);
  const c = BtcChainInfo.safeParse(ci.value);
  const n = BtcNetInfo.safeParse(ni.value);
  if (!c.success || !n.success) return fail('answers in an unknown shape (is it Bitcoin Core?)');
  const why = judgeBtc(network, c.data, n.data);
  return why ? fail(why) : ok({ host, height: c.data.blocks });
}

/** Ask a monerod and judge it; ok carries its height. */
export async function checkXmrNode(ep: XmrEndpoint, network: string, timeoutMs = 10_000): Promise<Result<{ host: string; height: number }, AppError>> {
  const host = hostOf(ep.daemonUrl);
  const fail = (why: string) => err(appError('node-check', `Monero node ${host} ${why}.`));
  const login = ep.login ? { auth: 'digest' as const, user: ep.login.user, password: ep.login.password } : {};
  const rpc = createJsonRpcClient({ url: ep.daemonUrl, rpcPath: '/json_rpc', timeoutMs, bigIntsAsStrings: true, ...login });
  const r = await rpc.call('get_info');
  if (!r.ok) return fail(`does not answer: ${r.error.message}`);
  const i = XmrInfo.safeParse(r.value);
  if (!i.success) return fail('answers in an unknown shape (is it monerod?)');
  const why = judgeXmr(network, i.data);
  return why ? fail(why) : ok({ host, height: i.data.height });
}

/** Every node of these chains in the settings, for their network: the first failure, or ok. */
export async function checkSettingsNodes(s: Settings, chains: readonly ('btc' | 'xmr')[]): Promise<Result<void, AppError>> {
  const checks = [
    ...(chains.includes('btc') ? s.bitcoinNodes.map((n) => checkBtcNode(btcEndpoint(n), s.network)) : []),
    ...(chains.includes('xmr') ? s.moneroNodes.map((n) => checkXmrNode(xmrEndpoint(n), s.network)) : []),
  ];
  for (const r of await Promise.all(checks)) if (!r.ok) return r;
  return ok(undefined);
}
