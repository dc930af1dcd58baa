// `npm start` where Electron cannot run, and the Playwright host: serves the built renderer with the
// real channel handlers on 127.0.0.1, runs the person's swap daemon (syncer workers, signer process,
// the regtest sandbox when Settings ask for it). It prints a few headlines in a fixed order (the URL,
// where the seed is kept, ready or what failed); every line, and the daemon's, the syncer workers' and
// the signer's records, go to the wallet log `<data>/logs/wallet.<n>.log` (FC_VERBOSE=1 prints them
// too). A second host on the same data dir points at the first and exits 0.
// Flags: --port N, --data-dir DIR, --sandbox-file FILE (use a running sandbox), --no-daemon,
// --renderer-dir DIR (a renderer built elsewhere; default dist/renderer), --token T (tests only: a fixed
// API secret instead of a fresh one each start, so a Playwright config can send it; a person never needs it).
// The printed URL carries this start's secret (`?token=`): only a page opened from it may call the API.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileKeyValueStore } from '../app/client-backup';
import type { OpenWalletOptions } from '../app/open-wallet';
import { createHandlers } from '../host/api-handlers';
import { checkGivenToken, newHostToken } from '../host/host-token';
import { startBrowserHost, type BrowserHost } from '../host/browser-host';
import { defaultDataDir } from '../host/data-dir';
import { openHostConsole, readinessHeadline, type HostConsole } from '../host/host-console';
import { openHostContext } from '../host/host-context';
import { claimInstance } from '../host/instance-lock';
import { signerRecord } from '../log/records';
import { walletLogSinks } from '../log/wallet-log';
import { forkSignerProcess } from '../signer/signer-transport';
import { forkSpawnPort } from '../syncer/spawn-port';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// `npm start` runs this file bundled (dist/electron/host.mjs: no TypeScript loader at start-up, about
// 2 s less here); tests run it through tsx. The children follow: bundled entries without tsx, or the TS ones.
const here = import.meta.dirname;
const bundled = path.basename(here) === 'electron' && path.basename(path.dirname(here)) === 'dist';
const root = path.resolve(here, '../..');

/** The wallet's processes, bundled or from the TypeScript sources. */
function walletOptions(dataDir: string, out: HostConsole): Omit<OpenWalletOptions, 'dataDir' | 'settings'> {
  const sandboxFile = flag('sandbox-file');
  return {
    ...(sandboxFile ? { sandboxFile: path.resolve(sandboxFile) } : {}),
    spawnSigner: (s) =>
      forkSignerProcess({
        ...(s?.env ? { env: { ...process.env, ...s.env } } : {}),
        onLog: (l) => out.log.write(signerRecord(l)),
        ...(bundled ? { entry: path.join(here, 'signer-main.mjs'), execArgv: [] } : {}),
      }),
    ...(bundled ? { spawnSyncer: forkSpawnPort({ entry: path.join(here, 'worker-main.mjs'), execArgv: [] }) } : {}),
    // tsx is resolved only unbundled: a packaged app has none.
    sandboxCommand: bundled
      ? { entry: path.join(here, 'sandbox.mjs'), execArgv: [] }
      : { entry: path.join(root, 'electron', 'cli', 'sandbox.ts'), execArgv: ['--import', import.meta.resolve('tsx')] },
    backupStore: fileKeyValueStore(dataDir),
    ...walletLogSinks(out.log),
  };
}

async function listen(rendererDir: string, handlers: ReturnType<typeof createHandlers>): Promise<BrowserHost> {
  const port = Number(flag('port') ?? process.env.FCSWAP_PORT ?? 0);
  try {
    return await startBrowserHost({ rendererDir, port, handlers, token });
  } catch (e) {
    const inUse = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(inUse ? `Port ${port} is in use by another program. Start on another port: FCSWAP_PORT=${port + 10} npm start` : `The host could not listen: ${String(e)}`);
    process.exit(1);
  }
}

let token: string;
try {
  token = flag('token') !== undefined ? checkGivenToken(flag('token')!) : newHostToken();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
const rendererDir = flag('renderer-dir') ? path.resolve(flag('renderer-dir')!) : path.join(root, 'dist', 'renderer');
if (!existsSync(path.join(rendererDir, 'index.html'))) {
  console.error(`The renderer is not built (${rendererDir} has no index.html). Run: npx vite build`);
  process.exit(1);
}
const dataDir = flag('data-dir') ? path.resolve(flag('data-dir')!) : defaultDataDir();
const claim = claimInstance(dataDir);
if (claim.kind !== 'claimed') {
  console.log(claim.message);
  process.exit(claim.kind === 'running' ? 0 : 1);
}
const out = openHostConsole({ dataDir, verbose: Boolean(process.env['FC_VERBOSE']) });
const ctx = await openHostContext({ host: 'browser-host', dataDir, ...(process.argv.includes('--no-daemon') ? {} : { wallet: walletOptions(dataDir, out) }) });
const host = await listen(rendererDir, createHandlers(ctx));
// The lock file sits in the data dir (0700): a second start on it points the person at this link.
claim.lock.setInfo({ url: host.openUrl });
// The secret is printed for the person, never written to the wallet log (a log is shared for support).
out.headline(`Swap wallet (browser host) at ${host.openUrl}  data: ${dataDir}`, `Swap wallet (browser host) at ${host.url}?token=(printed, not logged)  data: ${dataDir}`);
let stopping = false;
if (ctx.opened) {
  const opened = ctx.opened;
  void (async () => {
    const keychain = await opened.keychainLine;
    if (keychain && !stopping) out.headline(keychain);
    const ready = await readinessHeadline(opened.api, { stopped: () => stopping });
    // A refused keychain is already the reason printed above: not twice.
    if (ready && !(keychain && ready.endsWith(keychain))) out.headline(ready);
  })();
}
const stop = async () => {
  if (stopping) return;
  stopping = true;
  out.detail('stopping');
  await host.close();
  await ctx.opened?.stop();
  claim.lock.release();
  await out.log.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
