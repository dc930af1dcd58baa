// What loading the browser host's code costs, without running it: the modules electron/cli/host.ts
// imports, once through the tsx loader (as `npm start` runs the host today) and once as one esbuild
// bundle (as build/build-electron.mjs already ships Electron's main), so the bench shows how much of
// a start is the TypeScript loader rather than the wallet.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './startup-bench-run';

const HOST_MODULES = ['electron/app/client-backup', 'electron/host/api-handlers', 'electron/host/browser-host', 'electron/host/data-dir', 'electron/host/host-context', 'electron/signer/signer-transport'];

/** `node` arguments that import the host's modules through tsx and exit. */
export function tsxImportArgs(): string[] {
  const src = HOST_MODULES.map((m) => `import ${JSON.stringify(`file://${path.join(REPO_ROOT, `${m}.ts`)}`)};`).join(' ');
  return ['--import', 'tsx', '--input-type=module', '-e', src];
}

/**
 * Bundles the same modules into dist/bench-startup/host-imports.mjs (two levels below the repo, like
 * dist/electron/main.mjs, so package.json is found where version.ts looks) and returns its path.
 */
export async function bundleHostImports(): Promise<string> {
  const dir = path.join(REPO_ROOT, 'dist', 'bench-startup');
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'host-imports.mjs');
  await build({
    stdin: { contents: HOST_MODULES.map((m) => `import ${JSON.stringify(`./${m}`)};`).join('\n'), resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['electron', 'keytar', 'better-sqlite3'],
    // ESM bundles of CommonJS dependencies need a real `require` (as build/build-electron.mjs).
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}
