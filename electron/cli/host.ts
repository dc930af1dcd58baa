// `npm start` where Electron cannot run, and the Playwright host: serves the built renderer with the
// real channel handlers on 127.0.0.1, runs the person's swap daemon (syncer workers, signer process,
// the regtest sandbox when Settings ask for it) and prints the URL.
// Flags: --port N, --data-dir DIR, --sandbox-file FILE (use a running sandbox), --no-daemon,
// --renderer-dir DIR (a renderer built elsewhere; default dist/renderer).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileKeyValueStore } from '../app/client-backup';
import { createHandlers } from '../host/api-handlers';
import { startBrowserHost } from '../host/browser-host';
import { defaultDataDir } from '../host/data-dir';
import { openHostContext } from '../host/host-context';
import { forkSignerProcess } from '../signer/signer-transport';
import { forkSpawnPort } from '../syncer/spawn-port';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const say = (l: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${l}`);

// `npm start` runs this file bundled (dist/electron/host.mjs: no TypeScript loader at start-up, about
// 2 s less here); tests run it through tsx. The children follow: bundled entries without tsx, or the TS ones.
const here = import.meta.dirname;
const bundled = path.basename(here) === 'electron' && path.basename(path.dirname(here)) === 'dist';
const root = path.resolve(here, '../..');
const rendererDir = flag('renderer-dir') ? path.resolve(flag('renderer-dir')!) : path.join(root, 'dist', 'renderer');
if (!existsSync(path.join(rendererDir, 'index.html'))) {
  console.error(`The renderer is not built (${rendererDir} has no index.html). Run: npx vite build`);
  process.exit(1);
}
const dataDir = flag('data-dir') ? path.resolve(flag('data-dir')!) : defaultDataDir();
const sandboxFile = flag('sandbox-file');
const ctx = await openHostContext({
  host: 'browser-host',
  dataDir,
  ...(process.argv.includes('--no-daemon')
    ? {}
    : {
        wallet: {
          ...(sandboxFile ? { sandboxFile: path.resolve(sandboxFile) } : {}),
          spawnSigner: (s) =>
            forkSignerProcess({
              ...(s?.env ? { env: { ...process.env, ...s.env } } : {}),
              onLog: (l) => process.env['FC_VERBOSE'] && say(`signer: ${l}`),
              ...(bundled ? { entry: path.join(here, 'signer-main.mjs'), execArgv: [] } : {}),
            }),
          ...(bundled ? { spawnSyncer: forkSpawnPort({ entry: path.join(here, 'worker-main.mjs'), execArgv: [] }) } : {}),
          // tsx is resolved only unbundled: a packaged app has none.
          sandboxCommand: bundled
            ? { entry: path.join(here, 'sandbox.mjs'), execArgv: [] }
            : { entry: path.join(root, 'electron', 'cli', 'sandbox.ts'), execArgv: ['--import', import.meta.resolve('tsx')] },
          backupStore: fileKeyValueStore(dataDir),
          log: say,
        },
      }),
});
const host = await startBrowserHost({ rendererDir, port: Number(flag('port') ?? process.env.FCSWAP_PORT ?? 0), handlers: createHandlers(ctx) });
console.log(`Swap wallet (browser host) at ${host.url}  data: ${dataDir}`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await host.close();
  await ctx.opened?.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
