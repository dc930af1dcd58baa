// esbuild plugin: the bundles carry a stub for pino's transport module (pino/lib/transport.js, with
// thread-stream behind it). Transports run in a worker thread and load their target and worker files
// by name at run time, which a bundle cannot serve; the wallet log writes in-process through pino-roll
// (electron/log/wallet-log.ts), so a transport asked for in a bundle fails loudly instead.
import path from 'node:path';

const STUB = "module.exports = function transport () { throw new Error('pino transports are not bundled: the wallet log writes in-process (electron/log/wallet-log.ts)') }";

/** @type {import('esbuild').Plugin} */
export const noPinoTransport = {
  name: 'no-pino-transport',
  setup(build) {
    build.onResolve({ filter: /^\.\/(?:lib\/)?transport$/ }, (args) =>
      args.importer.split(path.sep).includes('pino') ? { path: 'pino-transport', namespace: 'no-pino-transport' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'no-pino-transport' }, () => ({ contents: STUB, loader: 'js' }));
  },
};
