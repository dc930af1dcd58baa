// Bundles the two Electron entry files: main as ESM, preload as one CommonJS file (a sandboxed
// preload can require nothing but electron). Native modules stay external.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning', external: ['electron', 'keytar', 'better-sqlite3'] };
await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.mjs', format: 'esm' });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs' });
console.log('built dist/electron/main.mjs and dist/electron/preload.cjs');
