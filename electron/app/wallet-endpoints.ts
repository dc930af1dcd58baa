// Where the wallet's chains are: the regtest sandbox's nodes (a running one's info file, or one started
// now) when the settings ask for it, else the person's node lists in Settings (the first of each chain
// first; the syncers fail over to the others).
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { SWAP_NETWORKS } from '../../shared/networks/swap-networks';
import type { AppStatus, BtcNode, Settings, XmrNode } from '../../shared/ipc/channels';
import { readSandboxInfo, type SandboxInfo } from '../sandbox/sandbox-info';
import type { BtcEndpoint, WalletEndpoints, XmrEndpoint } from './wallet-context';

export interface ChosenEndpoints {
  readonly wallet: WalletEndpoints;
  readonly sandbox: SandboxInfo | null;
}

export interface EndpointChoice {
  readonly settings: Settings;
  /** A running sandbox's info file; otherwise `spawnSandbox` starts one when the settings ask for it. */
  readonly sandboxFile: string | undefined;
  /** Starts the sandbox; resolves with its info file once it is ready. */
  readonly spawnSandbox: () => Promise<string>;
  /** The sandbox's state for the status line, as it changes. */
  readonly report: (state: AppStatus['sandbox']) => void;
}

export async function chooseEndpoints(c: EndpointChoice): Promise<ChosenEndpoints | null> {
  const st = c.settings;
  if (st.network === 'regtest' && (st.sandbox || c.sandboxFile)) {
    c.report({ state: 'starting', message: 'starting the regtest sandbox (nodes, maker, wallets): about 20 s' });
    const file = c.sandboxFile ?? (await c.spawnSandbox());
    const info = readSandboxInfo(file);
    if (!info.ok) {
      c.report({ state: 'failed', message: info.error.message });
      throw new Error(info.error.message);
    }
    c.report({ state: 'ready', message: `sandbox on regtest (a block every ${info.value.blockMs} ms)` });
    return { sandbox: info.value, wallet: sandboxEndpoints(info.value) };
  }
  return { sandbox: null, wallet: settingsEndpoints(st) };
}

function sandboxEndpoints(info: SandboxInfo): WalletEndpoints {
  return {
    network: 'regtest',
    // The regtest Bitcoin stand-in on these machines is litecoind (environment.md).
    btcNetwork: BTC_NETWORKS[SWAP_NETWORKS.regtest.sandboxBtc],
    btc: { rpcUrl: info.btc.rpcUrl, rpcUser: info.btc.rpcUser, rpcPassword: info.btc.rpcPassword },
    xmr: { daemonUrl: info.xmr.daemonUrl },
  };
}

function settingsEndpoints(st: Settings): WalletEndpoints {
  const [btc, ...btcMore] = st.bitcoinNodes.map(btcEndpoint);
  const [xmr, ...xmrMore] = st.moneroNodes.map(xmrEndpoint);
  return {
    network: st.network,
    // The swap network's own Bitcoin chain: regtest without the sandbox is Bitcoin Core's (bcrt).
    btcNetwork: BTC_NETWORKS[SWAP_NETWORKS[st.network].btc],
    btc: btc!,
    xmr: xmr!,
    ...(btcMore.length ? { btcFallbacks: btcMore } : {}),
    ...(xmrMore.length ? { xmrFallbacks: xmrMore } : {}),
  };
}

/** A Settings node as the syncer's endpoint: the login by its kind. */
export function btcEndpoint(n: BtcNode): BtcEndpoint {
  const url = n.url.replace(/\/$/, '');
  if (n.auth.kind === 'password') return { rpcUrl: url, rpcUser: n.auth.user, rpcPassword: n.auth.password };
  if (n.auth.kind === 'cookie') return { rpcUrl: url, rpcCookieFile: n.auth.file };
  return { rpcUrl: url };
}

export function xmrEndpoint(n: XmrNode): XmrEndpoint {
  return { daemonUrl: n.url.replace(/\/$/, ''), trusted: n.trusted, ...(n.login ? { login: n.login } : {}) };
}
