// What the parts of the wallet service share: the options it was started with, and the context its
// views, status and actions work on (the history index, the swap node, the per-swap clients).
import type { BtcNetwork } from '../../shared/crypto/btc-network';
import type { SwapNetworkName } from '../../shared/networks/swap-networks';
import type { ClientWallet, HeadlessClient } from '../client/headless-client';
import type { SwapSigner } from '../client/swap-signer';
import type { XmrFundingPort } from '../client/xmr-funding-lock';
import type { SwapNode } from '../daemon/swap-node';
import type { LogSink } from '../log/records';
import type { NostrEventSigner } from '../nostr/nostr-signer';
import type { SandboxControl, SandboxInfo } from '../sandbox/sandbox-info';
import type { SpawnPort } from '../syncer/spawn-port';
import type { ClientBackup } from './client-backup';
import type { ChainIds } from './sandbox-chains';
import type { HistoryIndex } from './history-index';
import type { WalletBook } from './wallet-book';
import type { SwapClients } from './wallet-clients';
import type { ChainHealth } from './wallet-status';
import type { WalletViews } from './wallet-views';
import type { WalletXmrFunding } from './wallet-xmr-funding';

/** One Bitcoin Core node: user/password or its cookie file (or neither). */
export interface BtcEndpoint {
  readonly rpcUrl: string;
  readonly rpcUser?: string;
  readonly rpcPassword?: string;
  readonly rpcCookieFile?: string;
}

/** One monerod: trusted = the person runs it (absent: trusted, as before node lists); login for digest auth. */
export interface XmrEndpoint {
  readonly daemonUrl: string;
  readonly trusted?: boolean;
  readonly login?: { readonly user: string; readonly password: string };
}

export interface WalletEndpoints {
  /** The swap network (shared/networks/swap-networks.ts); its Monero chain names the lock address's prefix. */
  readonly network: SwapNetworkName;
  readonly btcNetwork: BtcNetwork;
  /** The first node of each chain (the per-swap clients' plain reads use it). */
  readonly btc: BtcEndpoint;
  readonly xmr: XmrEndpoint;
  /** The person's further nodes, in order: the syncers fail over to them, announced. */
  readonly btcFallbacks?: readonly BtcEndpoint[];
  readonly xmrFallbacks?: readonly XmrEndpoint[];
}

export interface WalletServiceOptions {
  readonly dataDir: string;
  readonly endpoints: WalletEndpoints;
  readonly backup: ClientBackup;
  /**
   * The client side of one swap (its keys live in the signer), for the person's wallet of that swap;
   * for an Alice swap, `extras` carries the swap's XMR funding port (the client locks from it).
   */
  readonly makeClient: (wallet: ClientWallet, extras: ClientExtras) => Pick<HeadlessClient, 'handle' | 'register'> & Partial<Pick<HeadlessClient, 'resumeXmrFunding' | 'endXmrFunding' | 'close'>>;
  /** Alice's per-swap XMR funding wallets get their keys here (the signer); absent: Alice pays the lock by hand. */
  readonly xmrFundingSigner?: Pick<SwapSigner, 'xmrFundingKeys'>;
  readonly sandbox?: { readonly info: SandboxInfo; readonly control: SandboxControl } | null;
  readonly log?: (line: string) => void;
  /** The wallet log: every swap node line and every syncer worker log event, structured. */
  readonly logEvent?: LogSink;
  /** Faster polling for tests and the sandbox. */
  readonly pollMs?: number;
  /** The encrypted backup (wallet-backup.ts): asked to write after each checkpoint and outcome, flushed on stop; absent: none. */
  readonly backupWriter?: { request(why: string): void; idle(): Promise<void> };
  /** How syncer workers start (Electron: utilityProcess); default fork under Node. */
  readonly spawnSyncer?: SpawnPort;
  /** The Nostr offer book on the wallet's relays (opened before the service: it needs no daemon); absent: book:list says it is not open. */
  readonly book?: Pick<WalletBook, 'browseOffers' | 'relays' | 'onRelaysChange' | 'pool'>;
  /** The wallet's Nostr key in the signer: the person's offers are announced on the book's relays with it; absent: not announced. */
  readonly nostrSigner?: NostrEventSigner;
  /** The seed in use was confirmed by the person: on a real network no swap starts before (swap-gate.ts); absent: not backed up. */
  readonly seedBackedUp?: () => Promise<boolean>;
}

/** What a swap's client gets besides its wallet: Alice's XMR funding port. */
export interface ClientExtras {
  readonly xmrFunding?: XmrFundingPort;
  readonly xmrFundingPollMs?: number;
}

/** The running wallet, as its views, status and actions see it. */
export interface WalletContext {
  readonly o: WalletServiceOptions;
  readonly log: (line: string) => void;
  /** History summaries, answered even while the daemon starts or is down. */
  readonly index: HistoryIndex;
  readonly node: SwapNode;
  readonly views: WalletViews;
  readonly clients: SwapClients;
  /** On the sandbox: the chains it runs now (a swap recorded on others can never finish). */
  readonly currentChains: ChainIds | undefined;
  /** Each chain's syncer health as last reported (the status line, and the gate before a swap starts). */
  readonly health: ChainHealth;
  /** Alice's XMR funding wallets (null: no funding signer, the person pays the lock by hand). */
  readonly funding: WalletXmrFunding | null;
}
