// `npm start` where Electron cannot run, and the Playwright host: serves the built renderer with the
// real channel handlers on 127.0.0.1 and prints the URL. Flags: --port N, --data-dir DIR.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createHandlers } from '../host/api-handlers';
import { startBrowserHost } from '../host/browser-host';
import { defaultDataDir } from '../host/data-dir';
import { openHostContext } from '../host/host-context';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const rendererDir = path.resolve(import.meta.dirname, '../../dist/renderer');
if (!existsSync(path.join(rendererDir, 'index.html'))) {
  console.error(`The renderer is not built (${rendererDir} has no index.html). Run: npx vite build`);
  process.exit(1);
}
const dataDir = flag('data-dir') ? path.resolve(flag('data-dir')!) : defaultDataDir();
const host = await startBrowserHost({
  rendererDir,
  port: Number(flag('port') ?? process.env.FCSWAP_PORT ?? 0),
  handlers: createHandlers(await openHostContext({ host: 'browser-host', dataDir })),
});
console.log(`Swap wallet (browser host) at ${host.url}  data: ${dataDir}`);
const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
