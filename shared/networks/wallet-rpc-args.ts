// The monero-wallet-rpc command line, from the Monero chain table and the node's trust. Guards: the
// wallet's network flag always matches the swap's Monero chain (a flagless wallet-rpc on stagenet would
// make mainnet-format addresses); `--trusted-daemon` is passed only for a node the person runs, a remote
// node gets `--untrusted-daemon` (the wallet then hides its real spends among decoys it checks itself
// and refuses the node's word on what needs trust).
import { MONERO_CHAINS, type MoneroChainName } from './monero-chains';

/** The network flag (if any) and the trust flag: what differs between networks and nodes. */
export function walletRpcNetworkArgs(network: MoneroChainName, trustedDaemon: boolean): string[] {
  const flag = MONERO_CHAINS[network].walletRpcFlag;
  return [...(flag ? [flag] : []), trustedDaemon ? '--trusted-daemon' : '--untrusted-daemon'];
}

export interface WalletRpcLaunch {
  readonly network: MoneroChainName;
  readonly trustedDaemon: boolean;
  /** monerod as `host:port`, and whether it speaks HTTPS. */
  readonly daemonAddress: string;
  readonly daemonSsl: boolean;
  readonly rpcPort: number;
  /** A 0600 file with `rpc-login=...`: the password never appears in argv, where `ps` shows it. */
  readonly configFile: string;
  readonly walletDir: string;
  readonly ringdbDir: string;
  readonly logFile: string;
}

/** The whole argv after the binary: the daemon, the network and trust, loopback-only RPC, files. */
export function walletRpcArgs(l: WalletRpcLaunch): string[] {
  return [
    '--daemon-address', l.daemonAddress,
    ...walletRpcNetworkArgs(l.network, l.trustedDaemon),
    '--daemon-ssl', l.daemonSsl ? 'enabled' : 'disabled',
    '--rpc-bind-ip', '127.0.0.1',
    '--rpc-bind-port', String(l.rpcPort),
    '--config-file', l.configFile,
    '--wallet-dir', l.walletDir,
    '--shared-ringdb-dir', l.ringdbDir,
    '--non-interactive',
    '--log-level', '0',
    '--log-file', l.logFile,
  ];
}
