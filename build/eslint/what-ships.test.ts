// Rooms that say what ships: every non-test source file under shared/, electron/ and renderer/ is
// reached by imports from a shipped entry (the bundled entries of build/bundled-entries.mjs and the
// renderer's main.tsx). A file only tests, benches or demos reach belongs in rigs/; a file nothing
// reaches is dead and goes. (The lint's other half: nothing that ships imports rigs/.)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BUNDLED_ENTRIES } from '../bundled-entries.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const SHIPPED_FOLDERS = ['shared', 'electron', 'renderer'];
const ENTRIES = [...BUNDLED_ENTRIES.map((e) => e.source), 'renderer/main.tsx'];
const isTest = (f: string) => /\.(test|itest)\.tsx?$/.test(f);
/**
 * Shipped API built ahead of its callers, each with the issue that wires it. Remove a file here as soon
 * as a shipped entry reaches it; a file listed here that is reached fails the test, so the list cannot
 * go stale.
 */
const PENDING_WIRING: Record<string, string> = {
};

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) return sources(rel);
    return /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** The repo-relative file a relative specifier names (with or without its extension, or a folder's index). */
function resolve(from: string, spec: string): string | null {
  const base = path.join(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    const abs = path.join(root, c);
    if (existsSync(abs) && statSync(abs).isFile()) return c.split(path.sep).join('/');
  }
  return null;
}

function reached(entries: readonly string[]): Set<string> {
  const seen = new Set(entries);
  const todo = [...entries];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    const info = ts.preProcessFile(readFileSync(path.join(root, f), 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      const t = fileName.startsWith('.') ? resolve(f, fileName) : null;
      if (t && /\.tsx?$/.test(t) && !seen.has(t)) {
        seen.add(t);
        todo.push(t);
      }
    }
  }
  return seen;
}

describe('what ships', () => {
  it('every non-test file of shared/, electron/ and renderer/ is reached from a shipped entry', () => {
    const ships = reached(ENTRIES);
    const unreached = SHIPPED_FOLDERS.flatMap(sources).filter((f) => !isTest(f) && !ships.has(f) && !(f in PENDING_WIRING));
    expect(unreached, 'move what only tests, benches or demos use to rigs/; delete what nothing uses').toEqual([]);
    expect(Object.keys(PENDING_WIRING).filter((f) => ships.has(f) || !existsSync(path.join(root, f))), 'wired now (or gone): remove it from PENDING_WIRING').toEqual([]);
  });

  it('reads the entries it starts from (a sanity check of the walk)', () => {
    const ships = reached(ENTRIES);
    for (const e of ENTRIES) expect(existsSync(path.join(root, e)), e).toBe(true);
    expect(ships.has('electron/daemon/swap-node.ts')).toBe(true);
    expect(ships.has('shared/protocol/decider.ts')).toBe(true);
    expect([...ships].some((f) => f.startsWith('rigs/'))).toBe(false);
  });
});
