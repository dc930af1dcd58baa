// Bundles every entry in `build/bundled-entries.mjs` into dist/electron/ (the table says what each is
// and how it is started): main as ESM, preload as one CommonJS file (a sandboxed preload can require
// nothing but electron), the child entries (signer, syncer worker, regtest sandbox), the DLEQ worker
// thread and the browser host as ESM beside main, where they are looked for. No bundle needs tsx.
// Native modules stay external.
import { build } from 'esbuild';
import { BUNDLED_ENTRIES } from './bundled-entries.mjs';
import { noPinoTransport } from './esbuild-no-pino-transport.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning', external: ['electron', 'keytar', 'better-sqlite3'], plugins: [noPinoTransport] };
// ESM bundles of CommonJS dependencies need a real `require`.
const esm = { ...common, format: 'esm', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } };
const cjs = { ...common, format: 'cjs' };

await Promise.all(BUNDLED_ENTRIES.map((e) => build({ ...(e.format === 'cjs' ? cjs : esm), entryPoints: [e.source], outfile: e.output })));
console.log(`built ${BUNDLED_ENTRIES.map((e) => e.output).join(', ')}`);
