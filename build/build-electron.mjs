// Bundles the Electron entry files: main as ESM, preload as one CommonJS file (a sandboxed preload
// can require nothing but electron), and the utility-process entries (signer, syncer worker) and the
// DLEQ worker thread as ESM beside main, where they are looked for; and the browser host. Native modules stay external.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning', external: ['electron', 'keytar', 'better-sqlite3'] };
// ESM bundles of CommonJS dependencies need a real `require`.
const esm = { ...common, format: 'esm', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } };
await build({ ...esm, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.mjs' });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs' });
await build({ ...esm, entryPoints: ['electron/signer/signer-main.ts'], outfile: 'dist/electron/signer-main.mjs' });
await build({ ...esm, entryPoints: ['electron/syncer/worker-main.ts'], outfile: 'dist/electron/worker-main.mjs' });
// The DLEQ verifier pool's worker thread, where the pool looks for it (beside main and host).
await build({ ...esm, entryPoints: ['electron/crypto/dleq-verifier-worker.ts'], outfile: 'dist/electron/dleq-verifier-worker.js' });
// The browser host for `npm start` without Electron: one bundle starts ~6x faster than through tsx.
await build({ ...esm, entryPoints: ['electron/cli/host.ts'], outfile: 'dist/electron/host.mjs' });
console.log('built dist/electron/{main,host,signer-main,worker-main}.mjs, dleq-verifier-worker.js and preload.cjs');
