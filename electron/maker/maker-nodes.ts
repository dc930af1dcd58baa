// Before the maker starts anything: every node and wallet the config names must answer and be on the
// config's network, judged by the wallet's own node check (electron/app/node-check.ts: chain, version,
// sync), and the payout addresses must be of that network. Guards: a missing, unreachable or wrong
// node is one typed error naming the config field; nothing is created, listened on or published.
import { BTC_NETWORKS } from '../../shared/networks/bitcoin-chains';
import { SWAP_NETWORKS } from '../../shared/networks/swap-networks';
import { checkPayoutAddresses } from '../../shared/offer/offer-review';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { checkBtcNode, checkXmrNode } from '../app/node-check';
import type { BtcEndpoint, WalletEndpoints, XmrEndpoint } from '../app/wallet-context';
import type { BtcWalletEndpoint } from '../daemon/btc-wallet-payer';
import { createJsonRpcClient } from '../syncer/json-rpc-client';
import type { MakerConfig } from './maker-config';
import type { MakerSecrets } from './maker-secrets';
import { hotXmrWallet, type HotXmrWallet } from './maker-wallet';

export type MakerNodeError = AppError<'maker-node'> & { readonly field: string };
const nodeError = (field: string, message: string): MakerNodeError => ({ ...appError('maker-node', `${field}: ${message}`), field });

export interface MakerNodes {
  readonly endpoints: WalletEndpoints;
  readonly btcWallet: BtcWalletEndpoint;
  readonly xmr: HotXmrWallet;
  /** The hot wallet's primary address: where the maker's XMR goes (Bob's sweep, Alice's refund sweep). */
  readonly xmrAddress: string;
}

/** The config's nodes as the syncers take them (logins from the secrets). */
export function makerEndpoints(c: MakerConfig, s: MakerSecrets): { endpoints: WalletEndpoints; btcWallet: BtcWalletEndpoint } {
  const btc: BtcEndpoint[] = c.bitcoin.nodes.map((n) =>
    n.cookie_file ? { rpcUrl: n.url, rpcCookieFile: n.cookie_file } : { rpcUrl: n.url, rpcUser: n.user ?? '', rpcPassword: s.bitcoinRpcPassword ?? '' },
  );
  const xmr: XmrEndpoint[] = c.monero.nodes.map((n) => ({ daemonUrl: n.url, trusted: n.trusted, ...(n.user ? { login: { user: n.user, password: s.moneroDaemonPassword ?? '' } } : {}) }));
  const [b0, ...bRest] = btc as [BtcEndpoint, ...BtcEndpoint[]];
  const [x0, ...xRest] = xmr as [XmrEndpoint, ...XmrEndpoint[]];
  const btcNetwork = BTC_NETWORKS[c.bitcoin.regtest_chain ?? SWAP_NETWORKS[c.network].btc];
  const first = c.bitcoin.nodes[0]!;
  const btcWallet: BtcWalletEndpoint = {
    url: first.url,
    user: first.user ?? '',
    password: s.bitcoinRpcPassword ?? '',
    ...(first.cookie_file ? { cookieFile: first.cookie_file } : {}),
    wallet: c.bitcoin.wallet,
  };
  return { endpoints: { network: c.network, btcNetwork, btc: b0, xmr: x0, btcFallbacks: bRest, xmrFallbacks: xRest }, btcWallet };
}

/** Every node answers on the right chain, the Core wallet and the hot XMR wallet answer, the addresses fit. */
export async function checkMakerNodes(c: MakerConfig, s: MakerSecrets, timeoutMs = 10_000): Promise<Result<MakerNodes, MakerNodeError>> {
  const { endpoints, btcWallet } = makerEndpoints(c, s);
  const btcNodes = [endpoints.btc, ...(endpoints.btcFallbacks ?? [])];
  const xmrNodes = [endpoints.xmr, ...(endpoints.xmrFallbacks ?? [])];
  const checks = await Promise.all([...btcNodes.map((n) => checkBtcNode(n, c.network, timeoutMs)), ...xmrNodes.map((n) => checkXmrNode(n, c.network, timeoutMs))]);
  for (const [i, r] of checks.entries()) {
    if (!r.ok) return err(nodeError(i < btcNodes.length ? `bitcoin.nodes.${i}` : `monero.nodes.${i - btcNodes.length}`, r.error.message));
  }
  const auth = btcWallet.cookieFile !== undefined ? { cookieFile: btcWallet.cookieFile } : { user: btcWallet.user, password: btcWallet.password };
  const core = createJsonRpcClient({ url: btcWallet.url, ...auth, timeoutMs, rpcPath: `/wallet/${encodeURIComponent(c.bitcoin.wallet)}` });
  const info = await core.call('getwalletinfo');
  if (!info.ok) return err(nodeError('bitcoin.wallet', `the Core wallet "${c.bitcoin.wallet}" does not answer on ${new URL(btcWallet.url).host} (${info.error.message}); load it: bitcoin-cli loadwallet ${c.bitcoin.wallet}`));
  const xmr = hotXmrWallet(c.monero.wallet_rpc.url, c.monero.wallet_rpc.user ? { user: c.monero.wallet_rpc.user, password: s.moneroWalletRpcPassword ?? '' } : undefined);
  let xmrAddress: string;
  try {
    xmrAddress = (await xmr.rpc<{ address: string }>('get_address', { account_index: 0 })).address;
  } catch (e) {
    return err(nodeError('monero.wallet_rpc', `the hot wallet's monero-wallet-rpc does not answer with an open wallet: ${(e as Error).message}`));
  }
  const addr = checkPayoutAddresses({ btcAddress: c.bitcoin.payout_address, xmrAddress }, { btc: endpoints.btcNetwork, network: c.network });
  if (!addr.ok) return err(nodeError(addr.error.message.startsWith('The Bitcoin') ? 'bitcoin.payout_address' : 'monero.wallet_rpc', addr.error.message));
  return ok({ endpoints, btcWallet, xmr, xmrAddress });
}
