// Proves the short-functions rule bites where code ships and nowhere else: the same 89-line function
// fails in electron/, shared/ and renderer/, and passes in a test, an itest and a rig.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { shortFunctions } from './short-functions.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const long = readFileSync(path.join(import.meta.dirname, 'fixtures', 'long-function.ts'), 'utf8');
// Only the parser and this block: a fixture at a made-up path is in no TypeScript program.
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, shortFunctions] });

async function messagesAt(virtualPath: string, text = long): Promise<string[]> {
  const [res] = await eslint.lintText(text, { filePath: path.join(root, virtualPath) });
  return (res?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('short functions in shipped code', () => {
  it('fails an 80+ line function in electron/, shared/ and renderer/', async () => {
    for (const where of ['electron/daemon/long-fixture.ts', 'shared/protocol/long-fixture.ts', 'renderer/components/long-fixture.tsx']) {
      const msgs = await messagesAt(where);
      expect(msgs, where).toHaveLength(1);
      expect(msgs[0]).toMatch(/^max-lines-per-function: Function 'tooLong' has too many lines \(\d+\)\. Maximum allowed is 80/);
    }
  });
  it('lets tests, itests and rigs be long', async () => {
    for (const where of ['electron/daemon/long-fixture.test.ts', 'electron/daemon/long-fixture.itest.ts', 'rigs/demo/long-fixture.ts']) {
      expect(await messagesAt(where), where).toEqual([]);
    }
  });
  it('accepts a function of exactly 80 lines', async () => {
    // Header, `let`, 76 body lines, `return`, closing brace: 80.
    const body = Array.from({ length: 76 }, (_, i) => `  total += ${i};`).join('\n');
    const eighty = `export function justRight(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
    expect(await messagesAt('electron/daemon/long-fixture.ts', eighty)).toEqual([]);
    const eightyOne = eighty.replace('  return total;', '  total += 1;\n  return total;');
    expect(await messagesAt('electron/daemon/long-fixture.ts', eightyOne)).toHaveLength(1);
  });
});
