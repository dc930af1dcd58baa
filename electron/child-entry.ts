// Where a child process's entry file is and how Node starts it. From a bundle (dist/electron/*.mjs, a
// packaged app) the child is its bundle beside the parent's, run as plain Node (a packaged app has no
// tsx); from the TypeScript sources, its .ts file under tsx. `npm test` builds the bundles first and
// names their folder in FCSWAP_CHILD_BUNDLES, so the integration tests start the very children that
// ship, and each start skips tsx's transform (~0.8 s of CPU against ~0.25 s for the bundle, measured on
// the syncer worker; the suites start a few hundred children).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ChildEntry {
  readonly entry: string;
  readonly execArgv: readonly string[];
}

/**
 * `from` is the spawning module's import.meta.url; `source` the child's .ts path relative to it;
 * `bundle` the child's bundle file name in dist/electron (bundled-entries.mjs).
 */
export function childEntry(from: string, source: string, bundle: string): ChildEntry {
  if (!from.endsWith('.ts')) return { entry: fileURLToPath(new URL(`./${bundle}`, from)), execArgv: [] };
  const dir = process.env['FCSWAP_CHILD_BUNDLES'];
  const built = dir ? path.resolve(dir, bundle) : undefined;
  if (built && existsSync(built)) return { entry: built, execArgv: [] };
  // Absolute loader path: the child may run in any cwd (tests use empty temp dirs).
  return { entry: fileURLToPath(new URL(source, from)), execArgv: ['--import', import.meta.resolve('tsx')] };
}
