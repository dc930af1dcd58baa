// Composition of the wallet for a host (Electron main or the browser host): chooses the chain
// endpoints (the sandbox on regtest, else Settings) and the keychain (the OS one, or a private one for
// the regtest sandbox, else refuse), starts the signer process and the wallet service, and answers the
// channels meanwhile (history from the index at once; swap calls say the daemon is starting).
// Guards: the host process never loads the seed (only the signer process does); a failed start
// leaves a readable history and a status that says what to do.
// Beside it: the keychain and signer start (wallet-signer), the endpoints choice (wallet-endpoints), the
// sandbox child (sandbox-child), the api before/after the daemon (wallet-before-daemon), the seed
// channels through the signer (wallet-seed: also the swap gate's "backed up") and the Nostr
// offer book (wallet-book: opened first, on the relays in Settings; the sandbox's relay joins once its
// info is read; a change of relays in Settings reopens only the book's relays, never the wallet).
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Settings } from '../../shared/ipc/channels';
import { moneroChainOf } from '../../shared/networks/swap-networks';
import type { RestoreApi, WalletApi } from '../../shared/ipc/wallet-api';
import { FileMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { signerProcessSigner } from '../client/swap-signer';
import type { ChooseKeychainOptions, KeychainChoice } from '../keychain/choose-keychain';
import type { LogSink } from '../log/records';
import { nostrSignerOver } from '../nostr/nostr-signer';
import { sandboxControl } from '../sandbox/sandbox-info';
import { createSignerClient, type SignerClient } from '../signer/signer-client';
import type { SpawnSigner } from '../signer/signer-transport';
import type { SpawnPort } from '../syncer/spawn-port';
import { ClientBackup, type KeyValueStore } from './client-backup';
import { spawnSandboxChild, stopSandboxChild } from './sandbox-child';
import { HistoryIndex } from './history-index';
import { walletApiWhileOpening, type OpeningState } from './wallet-before-daemon';
import { openWalletBook, walletRelays, type WalletBook } from './wallet-book';
import { chooseEndpoints, type ChosenEndpoints } from './wallet-endpoints';
import { startWalletService, type WalletServiceOptions } from './wallet-service';
import { selectKeychain, signerReady } from './wallet-signer';
import { walletBackupWriter } from './wallet-backup';
import { walletSeed } from './wallet-seed';

export interface OpenWalletOptions {
  readonly dataDir: string;
  readonly settings: Settings;
  /** A running sandbox's info file (tests, `npm run sandbox`); otherwise one is started when the settings ask for it. */
  readonly sandboxFile?: string;
  readonly spawnSigner: SpawnSigner;
  /** How syncer workers start (Electron: utilityProcess); default fork under Node. */
  readonly spawnSyncer?: SpawnPort;
  /** The sandbox CLI and Node flags (default: the TS entry under tsx). */
  readonly sandboxCommand?: { readonly entry: string; readonly execArgv: readonly string[] };
  /** The client backup's store: electron-store in Electron, conf elsewhere. */
  readonly backupStore: KeyValueStore;
  readonly log?: (line: string) => void;
  /** Structured records of the daemon and the syncer workers, for the wallet log. */
  readonly logEvent?: LogSink;
  /** How the signer's keychain is chosen (default: probe the OS keychain; see choose-keychain.ts). */
  readonly chooseKeychain?: (o: ChooseKeychainOptions) => Promise<KeychainChoice>;
}

export interface OpenedWallet {
  /** Everything but the restore, which the host answers (it reopens the wallet: electron/app/restore-api.ts). */
  readonly api: Omit<WalletApi, keyof RestoreApi>;
  /** The signer once it answers (a restore opens the backup file through it). */
  signer(): SignerClient | null;
  /** Resolves once the daemon runs (or failed to start). */
  readonly ready: Promise<void>;
  /** The keychain in use ("OS keychain: ...", the sandbox line) or why none is; null if the choice failed. */
  readonly keychainLine: Promise<string | null>;
  /** Settings' relays changed (absent: the network's defaults): the offer book and the person's offers move to them; swaps are not touched. */
  setRelays(relays: readonly string[] | undefined): void;
  stop(): Promise<void>;
}

/** Everything the opening wallet holds, for its answers and for stop(). */
interface OpenState extends OpeningState {
  book: WalletBook;
  /** The sandbox's local relay once its info is read (regtest with the sandbox on). */
  sandboxRelay: string | null;
  relays: readonly string[] | undefined;
  signer: SignerClient | null;
  sandboxChild: ChildProcess | null;
  stopped: boolean;
}

export function openWallet(o: OpenWalletOptions): OpenedWallet {
  const log = o.log ?? (() => undefined);
  const network = o.settings.network;
  const s: OpenState = {
    book: openWalletBook({ relays: walletRelays(network, o.settings.relays, null), log }),
    sandboxRelay: null,
    relays: o.settings.relays,
    service: null,
    signer: null,
    sandboxChild: null,
    daemon: { state: 'starting', message: 'starting the swap daemon' },
    sandbox: { state: 'off', message: 'no sandbox' },
    wallet: undefined,
    stopped: false,
  };
  // Before the daemon runs, the history is read straight from the index file.
  const index = new HistoryIndex(path.join(o.dataDir, 'daemon'));
  const keychain = selectKeychain({ ...o, log });
  // The seed channels answer once the signer does, before the daemon runs (a restore needs no daemon).
  const seed = walletSeed({
    dataDir: o.dataDir,
    network,
    signer: () => (s.wallet ? s.signer : null),
    failure: () => (s.daemon.state === 'unavailable' ? s.daemon.message : null),
    unfinishedSwaps: async () => (s.service ? await s.service.listSwaps() : index.list()).filter((x) => x.outcome === 'running').length,
    onSeedChanged: (fingerprint) => s.wallet && (s.wallet = { ...s.wallet, id: fingerprint }),
    log,
  });
  const ready = startWallet(o, s, keychain.chosen, log, seed.backedUp);
  return {
    api: { ...walletApiWhileOpening(s, index), ...seed },
    ready,
    keychainLine: keychain.line,
    signer: () => (s.wallet ? s.signer : null),
    setRelays(relays) {
      s.relays = relays;
      s.book.setRelays(walletRelays(network, relays, s.sandboxRelay));
    },
    async stop() {
      s.stopped = true;
      await ready;
      await s.service?.stop();
      s.book.close();
      await s.signer?.stop();
      // After the signer: it must not lose its keychain mid-call.
      const chosen = await keychain.chosen.catch(() => null);
      if (chosen?.kind === 'sandbox') await chosen.stop();
      await stopSandboxChild(s.sandboxChild);
    },
  };
}

/** Keychain and endpoints, then the signer, then the wallet service; a failure is the daemon's status. */
async function startWallet(o: OpenWalletOptions, s: OpenState, keychainChosen: Promise<KeychainChoice>, log: (line: string) => void, seedBackedUp: () => Promise<boolean>): Promise<void> {
  try {
    const [keychain, endpoints] = await Promise.all([keychainChosen, endpointsFor(o, s, log)]);
    // A real network with no keychain: never a fallback; the status says what to do.
    if (keychain.kind === 'refused') throw new Error(keychain.message);
    if (!endpoints || s.stopped) return;
    s.sandboxRelay = endpoints.sandbox?.nostrRelay ?? null;
    s.book.setRelays(walletRelays(o.settings.network, s.relays, s.sandboxRelay));
    // Every (re)start of the signer gets the chosen keychain's environment.
    const signer = (s.signer = createSignerClient({ spawn: () => o.spawnSigner({ env: keychain.env }) }));
    s.wallet = await signerReady(signer, keychain.where, log);
    const backup = new ClientBackup(o.backupStore);
    const r = await startWalletService({ ...serviceOptions(o, endpoints, signer, backup, log), book: s.book, nostrSigner: nostrSignerOver((body) => signer.request(body)), seedBackedUp });
    if (!r.ok) throw new Error(r.error.message);
    if (s.stopped) return void (await r.value.stop());
    s.service = r.value;
    if (backup.daemonId() === null) backup.setDaemonId(path.resolve(path.join(o.dataDir, 'daemon')));
  } catch (e) {
    s.daemon = { state: 'unavailable', message: e instanceof Error ? e.message : String(e) };
    log(`wallet not started: ${s.daemon.message}`);
  }
}

/** The endpoints; on the sandbox, its state follows the status line and a started child is kept for stop(). */
function endpointsFor(o: OpenWalletOptions, s: OpenState, log: (line: string) => void): Promise<ChosenEndpoints | null> {
  return chooseEndpoints({
    settings: o.settings,
    sandboxFile: o.sandboxFile,
    report: (state) => (s.sandbox = state),
    spawnSandbox: () => {
      const { child, ready } = spawnSandboxChild({
        dir: path.join(o.dataDir, 'sandbox'),
        command: o.sandboxCommand,
        log,
        onProgress: (message) => {
          if (s.sandbox.state === 'starting') s.sandbox = { state: 'starting', message };
        },
      });
      s.sandboxChild = child;
      return ready;
    },
  });
}

/** The wallet service on the chosen endpoints: one client per swap, signing through the signer process. */
function serviceOptions(o: OpenWalletOptions, endpoints: ChosenEndpoints, signer: SignerClient, backup: ClientBackup, log: (line: string) => void): WalletServiceOptions {
  const swapSigner = signerProcessSigner(signer);
  const memo = new FileMemoStore(path.join(o.dataDir, 'client'));
  const backupWriter = walletBackupWriter(o, signer, log);
  return {
    ...(backupWriter ? { backupWriter } : {}),
    dataDir: o.dataDir,
    endpoints: endpoints.wallet,
    backup,
    sandbox: endpoints.sandbox ? { info: endpoints.sandbox, control: sandboxControl(endpoints.sandbox) } : null,
    log,
    ...(o.logEvent ? { logEvent: o.logEvent } : {}),
    ...(o.spawnSyncer ? { spawnSyncer: o.spawnSyncer } : {}),
    pollMs: o.settings.network === 'regtest' ? 250 : 5000,
    xmrFundingSigner: swapSigner,
    makeClient: (wallet, extras) => new HeadlessClient({ signer: swapSigner, chain: { network: endpoints.wallet.btcNetwork }, moneroNetwork: moneroChainOf(endpoints.wallet.network), wallet, memo, ...extras }),
  };
}
