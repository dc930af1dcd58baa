// Proves the layering rule bites: deliberately bad fixtures, linted as if they lived in each layer,
// must fail with "bad layering"; a pure shared/ module must pass.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { FLOORS } from './layering.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

// The repo's own config, minus type information: a fixture linted at a made-up path belongs to no
// TypeScript program, and the layering rule reads only import specifiers.
const UNTYPED: Linter.Config = {
  files: ['**/*.ts', '**/*.tsx'],
  languageOptions: { parserOptions: { project: null } },
  rules: {
    '@typescript-eslint/no-floating-promises': 'off',
    '@typescript-eslint/no-misused-promises': 'off',
    '@typescript-eslint/switch-exhaustiveness-check': 'off',
  },
};
const newEslint = () => new ESLint({ cwd: root, overrideConfig: UNTYPED });

async function lintAs(name: string, virtualPath: string) {
  const eslint = newEslint();
  const [res] = await eslint.lintText(fixture(name), { filePath: path.join(root, virtualPath) });
  return (res?.messages ?? []).filter((m) => m.ruleId === 'local/layering').map((m) => m.message);
}

describe('import layering lint', () => {
  it('rejects Node, Electron, React and renderer imports in shared/', async () => {
    const msgs = await lintAs('shared-imports-node.ts', 'shared/bad-fixture.ts');
    expect(msgs).toHaveLength(4);
    expect(msgs.join('\n')).toMatch(/imports package 'node:fs'/);
    expect(msgs.join('\n')).toMatch(/imports 'electron'; only electron\/main.ts/);
    expect(msgs.join('\n')).toMatch(/imports package 'react'/);
    expect(msgs.join('\n')).toMatch(/imports '..\/renderer\/app'/);
  });

  it('accepts a pure shared/ module', async () => {
    expect(await lintAs('shared-pure.ts', 'shared/good-fixture.ts')).toEqual([]);
  });

  it('rejects Electron, Node and daemon imports in renderer/', async () => {
    const msgs = await lintAs('renderer-imports-electron.ts', 'renderer/bad-fixture.ts');
    expect(msgs).toHaveLength(3);
  });

  it('lets only electron/main.ts and electron/preload.ts import electron', async () => {
    expect(await lintAs('electron-imports-electron.ts', 'electron/syncer/bad-fixture.ts')).toHaveLength(1);
    expect(await lintAs('electron-imports-electron.ts', 'electron/main.ts')).toEqual([]);
    expect(await lintAs('electron-imports-electron.ts', 'electron/preload.ts')).toEqual([]);
  });

  it('rejects a rig import in any file that ships (shared/, electron/, renderer/)', async () => {
    for (const at of ['electron/daemon/bad-fixture.ts', 'shared/protocol/bad-fixture.ts', 'renderer/components/bad-fixture.ts']) {
      const msgs = await lintAs('shipped-imports-rig.ts', at);
      expect(msgs, at).toHaveLength(1);
      expect(msgs[0]).toMatch(/ships but imports the rig '..\/..\/rigs\/protocol\/swap-sim.helpers'/);
    }
  });

  it('lets tests beside shipped code, and rigs themselves, import a rig', async () => {
    for (const at of ['electron/daemon/fixture.test.ts', 'electron/store/fixture.itest.ts', 'shared/protocol/fixture.test.ts', 'rigs/demo/fixture.ts']) {
      expect(await lintAs('shipped-imports-rig.ts', at), at).toEqual([]);
    }
  });

  it('rejects an import up the floors of electron/ in shipped code, not down and not in a test', async () => {
    const up = await lintAs('electron-imports-up-floor.ts', 'electron/client/bad-fixture.ts');
    expect(up).toHaveLength(1);
    expect(up[0]).toMatch(/imports '..\/daemon\/swap-node' up the floors \(electron\/client is on floor 2, electron\/daemon on floor 3\)/);
    expect(await lintAs('electron-imports-up-floor.ts', 'electron/store/bad-fixture.ts')).toHaveLength(1);
    expect(await lintAs('electron-imports-up-floor.ts', 'electron/app/fixture.ts')).toEqual([]);
    expect(await lintAs('electron-imports-up-floor.ts', 'electron/client/fixture.test.ts')).toEqual([]);
  });

  it('rejects a room of electron/ that is on no floor', async () => {
    const msgs = await lintAs('electron-imports-up-floor.ts', 'electron/newroom/bad-fixture.ts');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatch(/electron\/newroom .* is on no floor/);
  });

  it('puts every room of electron/ on a floor', () => {
    const rooms = readdirSync(path.join(root, 'electron'), { withFileTypes: true })
      .filter((d) => d.isDirectory() || (/\.ts$/.test(d.name) && !/\.(test|itest)\.ts$/.test(d.name)))
      .map((d) => d.name);
    const floored = new Set(FLOORS.flat());
    expect(rooms.filter((r) => !floored.has(r))).toEqual([]);
  });

  it('the same rule fails `eslint` on a real file (exit status), as npm test runs it', async () => {
    const eslint = newEslint();
    const results = await eslint.lintText(fixture('shared-imports-node.ts'), { filePath: path.join(root, 'shared/x.ts') });
    expect(ESLint.getErrorResults(results)).toHaveLength(1);
  });
});
