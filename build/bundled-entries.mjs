// The one table of bundled entries: `build/build-electron.mjs` builds exactly these, and
// `build/bundled-entries.itest.ts` checks each output exists, starts the spawned ones under plain Node
// and fails on a file name the bundled main or host refers to that is not here. Add a new entry here.
//
// `spawn` says how the entry is started in the app:
//   electron-main   Electron loads it (package.json "main"); imports `electron`, cannot run under Node.
//   preload         BrowserWindow's preload (sandboxed, CommonJS); imports `electron`.
//   process         a Node child: utilityProcess.fork in Electron main, child_process.fork in the host.
//   fork            child_process.fork from main and the host. In Electron main, fork runs the Electron
//                   binary with ELECTRON_RUN_AS_NODE=1 (set by Electron's fork itself), i.e. as Node.
//   worker-thread   `new Worker(file)` (the DLEQ verifier pool looks for it beside its own bundle).
//   node            run as `node <output>` (npm start without Electron).
// `by` names the bundles that start it; `args` are the arguments it is started with, if any.

/** @typedef {{ name: string, source: string, output: string, format: 'esm' | 'cjs', spawn: 'electron-main' | 'preload' | 'process' | 'fork' | 'worker-thread' | 'node', by: string[], args?: string[] }} BundledEntry */

/** @type {readonly BundledEntry[]} */
export const BUNDLED_ENTRIES = [
  { name: 'main', source: 'electron/main.ts', output: 'dist/electron/main.mjs', format: 'esm', spawn: 'electron-main', by: [] },
  { name: 'preload', source: 'electron/preload.ts', output: 'dist/electron/preload.cjs', format: 'cjs', spawn: 'preload', by: ['main'] },
  { name: 'signer-main', source: 'electron/signer/signer-main.ts', output: 'dist/electron/signer-main.mjs', format: 'esm', spawn: 'process', by: ['main', 'host', 'maker'] },
  { name: 'worker-main', source: 'electron/syncer/worker-main.ts', output: 'dist/electron/worker-main.mjs', format: 'esm', spawn: 'process', by: ['main', 'host'], args: ['btc'] },
  { name: 'dleq-verifier-worker', source: 'electron/crypto/dleq-verifier-worker.ts', output: 'dist/electron/dleq-verifier-worker.js', format: 'esm', spawn: 'worker-thread', by: ['main', 'host', 'sandbox'] },
  { name: 'host', source: 'electron/cli/host.ts', output: 'dist/electron/host.mjs', format: 'esm', spawn: 'node', by: [] },
  { name: 'sandbox', source: 'electron/cli/sandbox.ts', output: 'dist/electron/sandbox.mjs', format: 'esm', spawn: 'fork', by: ['main', 'host'] },
  // The local Nostr relay (issue 21): the sandbox forks it (electron/nostr/relay-process.ts, beside its
  // own bundle) so its maker publishes offers and the wallet's offer book reads them with no internet.
  { name: 'nostr-relay', source: 'electron/nostr/relay-main.ts', output: 'dist/electron/nostr-relay.mjs', format: 'esm', spawn: 'fork', by: ['sandbox'] },
  // The headless maker for a server (`npm run maker` runs its source through tsx; this is its bundle).
  { name: 'maker', source: 'electron/cli/maker.ts', output: 'dist/electron/maker.mjs', format: 'esm', spawn: 'node', by: [] },
  // A swap of a data dir whose wallet is not running: status and the exports (`npm run swap` runs its source through tsx).
  { name: 'swap', source: 'electron/cli/swap.ts', output: 'dist/electron/swap.mjs', format: 'esm', spawn: 'node', by: [] },
];
