// Composition of the wallet for a host (Electron main or the browser host): chooses the chain
// endpoints (the sandbox on regtest, else Settings) and the keychain (the OS one, or a private one for
// the regtest sandbox, else refuse), starts the signer process and the wallet service, and answers the
// channels meanwhile (history from the index at once; swap calls say the daemon is starting).
// Guards: the host process never loads the seed (only the signer process does); a failed start
// leaves a readable history and a status that says what to do.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import type { AppStatus, Settings } from '../../shared/ipc/channels';
import { appError, err } from '../../shared/result';
import { HeadlessClient } from '../client/headless-client';
import { chooseKeychain, type ChooseKeychainOptions, type KeychainChoice } from '../keychain/choose-keychain';
import { FileMemoStore } from '../client/client-memo';
import { signerProcessSigner } from '../client/swap-signer';
import type { WalletApi } from '../../shared/ipc/wallet-api';
import { readSandboxInfo, sandboxControl, type SandboxInfo } from '../sandbox/sandbox-info';
import { createSignerClient, type SignerClient } from '../signer/signer-client';
import type { SpawnSigner } from '../signer/signer-transport';
import type { SpawnPort } from '../syncer/spawn-port';
import { ClientBackup, type KeyValueStore } from './client-backup';
import { SwapIndex } from './swap-index';
import type { LogSink } from '../log/records';
import { startWalletService, type WalletEndpoints, type WalletService } from './wallet-service';

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
  readonly api: WalletApi;
  /** Resolves once the daemon runs (or failed to start). */
  readonly ready: Promise<void>;
  /** The keychain in use ("OS keychain: ...", the sandbox line) or why none is; null if the choice failed. */
  readonly keychainLine: Promise<string | null>;
  stop(): Promise<void>;
}

// From a bundle the sandbox is sandbox.mjs beside it, run without tsx (a packaged app has none).
const FROM_TS = import.meta.url.endsWith('.ts');
const SANDBOX_CLI = fileURLToPath(new URL(FROM_TS ? '../cli/sandbox.ts' : './sandbox.mjs', import.meta.url));

export function openWallet(o: OpenWalletOptions): OpenedWallet {
  const log = o.log ?? (() => undefined);
  const daemonDir = path.join(o.dataDir, 'daemon');
  let service: WalletService | null = null;
  let signer: SignerClient | null = null;
  let sandboxChild: ChildProcess | null = null;
  let state: AppStatus['daemon'] = { state: 'starting', message: 'starting the swap daemon' };
  let sandboxState: AppStatus['sandbox'] = { state: 'off', message: 'no sandbox' };
  // Which wallet and where its seed lives: known once the signer answered (Settings shows it).
  let wallet: AppStatus['wallet'];
  let stopped = false;
  // Before the daemon runs, the history is read straight from the index file.
  const index = new SwapIndex(daemonDir);
  // Chosen beside the endpoints (the probe takes up to ~3 s; the sandbox ~20 s). Settled before ready.
  const keychainChosen = (o.chooseKeychain ?? chooseKeychain)({
    network: o.settings.network,
    sandbox: o.settings.network === 'regtest' && (o.settings.sandbox || Boolean(o.sandboxFile)),
    dataDir: o.dataDir,
  });
  const keychainLine = keychainChosen.then(
    (k) => {
      if (k.kind === 'refused') return k.message; // logged once, as the reason the wallet did not start
      log(k.line); // now, not once the sandbox is up (~20 s later)
      return k.line;
    },
    () => null,
  );

  const ready = (async () => {
    try {
      const [keychain, endpoints] = await Promise.all([keychainChosen, chooseEndpoints()]);
      // A real network with no keychain: never a fallback; the status says what to do.
      if (keychain.kind === 'refused') throw new Error(keychain.message);
      if (!endpoints || stopped) return;
      // Every (re)start of the signer gets the chosen keychain's environment.
      signer = createSignerClient({ spawn: () => o.spawnSigner({ env: keychain.env }) });
      const s = await signer.start();
      if (!s.ok) throw new Error(`the signer process did not start: ${s.error.message}`);
      // First run: the signer creates the seed in the OS keychain now; a locked keychain is reported here.
      const st = await signer.request({ kind: 'status' });
      if (!st.ok) throw new Error(`the keychain is not available (${st.error.kind}): ${st.error.message}. Unlock your keychain and restart the wallet.`);
      log(`signer ready, seed ${st.value.seedFingerprint}${st.value.seedCreated ? ' (created now)' : ''}`);
      wallet = { id: st.value.seedFingerprint, keychain: keychain.where };
      const swapSigner = signerProcessSigner(signer);
      const backup = new ClientBackup(o.backupStore);
      const memo = new FileMemoStore(path.join(o.dataDir, 'client'));
      const sandbox = endpoints.sandbox ? { info: endpoints.sandbox, control: sandboxControl(endpoints.sandbox) } : null;
      const r = await startWalletService({
        dataDir: o.dataDir,
        endpoints: endpoints.wallet,
        backup,
        sandbox,
        log,
        ...(o.logEvent ? { logEvent: o.logEvent } : {}),
        ...(o.spawnSyncer ? { spawnSyncer: o.spawnSyncer } : {}),
        pollMs: o.settings.network === 'regtest' ? 250 : 5000,
        makeClient: (wallet) => new HeadlessClient({ signer: swapSigner, chain: { network: endpoints.wallet.btcNetwork, feeRateSatPerKvB: endpoints.wallet.feeRateSatPerKvB }, wallet, memo }),
      });
      if (!r.ok) throw new Error(r.error.message);
      if (stopped) return void (await r.value.stop());
      service = r.value;
      if (backup.daemonId() === null) backup.setDaemonId(path.resolve(daemonDir));
    } catch (e) {
      state = { state: 'unavailable', message: e instanceof Error ? e.message : String(e) };
      log(`wallet not started: ${state.message}`);
    }
  })();

  async function chooseEndpoints(): Promise<{ wallet: WalletEndpoints; sandbox: SandboxInfo | null } | null> {
    const st = o.settings;
    if (st.network === 'regtest' && (st.sandbox || o.sandboxFile)) {
      sandboxState = { state: 'starting', message: 'starting the regtest sandbox (nodes, maker, wallets): about 20 s' };
      const file = o.sandboxFile ?? (await spawnSandbox(path.join(o.dataDir, 'sandbox')));
      const info = readSandboxInfo(file);
      if (!info.ok) {
        sandboxState = { state: 'failed', message: info.error.message };
        throw new Error(info.error.message);
      }
      sandboxState = { state: 'ready', message: `sandbox on regtest (a block every ${info.value.blockMs} ms)` };
      return {
        sandbox: info.value,
        wallet: {
          network: 'regtest',
          // The regtest Bitcoin stand-in on these machines is litecoind (environment.md).
          btcNetwork: BTC_NETWORKS['litecoin-regtest'],
          feeRateSatPerKvB: 2000n,
          btc: { rpcUrl: info.value.btc.rpcUrl, rpcUser: info.value.btc.rpcUser, rpcPassword: info.value.btc.rpcPassword },
          xmr: { daemonUrl: info.value.xmr.daemonUrl },
        },
      };
    }
    const btcUrl = new URL(st.bitcoinRpcUrl);
    const user = decodeURIComponent(btcUrl.username);
    const password = decodeURIComponent(btcUrl.password);
    btcUrl.username = '';
    btcUrl.password = '';
    return {
      sandbox: null,
      wallet: {
        network: st.network,
        btcNetwork: st.network === 'mainnet' ? BTC_NETWORKS.mainnet : st.network === 'testnet' ? BTC_NETWORKS.testnet : BTC_NETWORKS['litecoin-regtest'],
        feeRateSatPerKvB: 2000n,
        btc: { rpcUrl: btcUrl.toString().replace(/\/$/, ''), ...(user ? { rpcUser: user, rpcPassword: password } : {}) },
        xmr: { daemonUrl: st.moneroDaemonUrl },
      },
    };
  }

  function spawnSandbox(dir: string): Promise<string> {
    return new Promise((resolve, reject) => {
      log(`starting the sandbox in ${dir}`);
      const cmd = o.sandboxCommand ?? { entry: SANDBOX_CLI, execArgv: FROM_TS ? ['--import', import.meta.resolve('tsx')] : [] };
      const child = fork(cmd.entry, ['--dir', dir], { execArgv: [...cmd.execArgv], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      sandboxChild = child;
      child.stdout?.on('data', (b: Buffer) => {
        const lines = b.toString().trimEnd().split('\n');
        for (const l of lines) log(`sandbox: ${l}`);
        // While it starts, the page shows what the sandbox is doing (its lines start with a clock).
        const last = lines.at(-1)?.replace(/^\d\d:\d\d:\d\d\.\d+ /, '');
        if (sandboxState.state === 'starting' && last && !last.startsWith('OFFER')) sandboxState = { state: 'starting', message: `starting the sandbox: ${last}`.slice(0, 500) };
      });
      child.stderr?.on('data', (b: Buffer) => log(`sandbox: ${b.toString().trimEnd()}`));
      child.on('message', (m) => {
        const file = (m as { ready?: unknown }).ready;
        if (typeof file === 'string') resolve(file);
      });
      child.once('exit', (code) => reject(new Error(`the sandbox exited (code ${code}) before it was ready; run npm run sandbox to see why`)));
    });
  }

  function statusBeforeDaemon(): AppStatus {
    // The sandbox is usable only through the daemon: until it runs, say "starting", never "ready".
    const sandbox = sandboxState.state === 'ready' ? { state: 'starting' as const, message: 'sandbox ready; starting the swap daemon' } : sandboxState;
    return { daemon: state, chains: [], sandbox, notices: [] };
  }

  const notYet = async () => err(appError('daemon-starting', state.state === 'unavailable' ? `The swap daemon is not running: ${state.message}` : 'The swap daemon is still starting; try again in a few seconds.'));
  const api: WalletApi = {
    async status() {
      const s = service ? await service.status() : statusBeforeDaemon();
      return wallet ? { ...s, wallet } : s;
    },
    listSwaps: async () => (service ? service.listSwaps() : index.list()),
    sandboxOffer: (...a) => (service ? service.sandboxOffer(...a) : notYet()),
    sandboxAddresses: (...a) => (service ? service.sandboxAddresses(...a) : notYet()),
    reviewOffer: (...a) => (service ? service.reviewOffer(...a) : notYet()),
    startSwap: (...a) => (service ? service.startSwap(...a) : notYet()),
    getSwap: (...a) => (service ? service.getSwap(...a) : notYet()),
    act: (...a) => (service ? service.act(...a) : notYet()),
  };

  return {
    api,
    ready,
    keychainLine,
    async stop() {
      stopped = true;
      await ready;
      await service?.stop();
      await signer?.stop();
      // After the signer: it must not lose its keychain mid-call.
      const keychain = await keychainChosen.catch(() => null);
      if (keychain?.kind === 'sandbox') await keychain.stop();
      if (sandboxChild && sandboxChild.exitCode === null) {
        const exited = new Promise((r) => sandboxChild!.once('exit', r));
        sandboxChild.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      }
    },
  };
}
