// A CLI that waits only for a managed child (the chain template waiting for its wallet-rpc to exit, then
// for monerod's clean stop) must not be left by Node before the exit arrives: the children are unref'd.
// On a fresh machine `npm run crash-matrix` ended with exit 13 (an unsettled top-level await) there.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'managed-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const moduleUrl = new URL('./managed-process.ts', import.meta.url).href;

/** Runs `body` as an ES module's top-level code under tsx, with spawnManaged imported. */
function runScript(body: string) {
  const script = `import { spawnManaged } from ${JSON.stringify(moduleUrl)};\n${body}`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
}

describe('spawnManaged: waiting for a child holds the process', () => {
  it('waitExit() returns the exit code of a child that exits later', () => {
    const r = runScript(`const p = spawnManaged('sleeper', 'sleep', ['0.5'], ${JSON.stringify(path.join(dir, 'a.log'))});\nconsole.log('code=' + (await p.waitExit()));`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('code=0');
    expect(r.status).toBe(0);
  });

  it('stop(grace) waits out a child that ends on SIGTERM', () => {
    const r = runScript(`const p = spawnManaged('sleeper', 'sleep', ['30'], ${JSON.stringify(path.join(dir, 'b.log'))});\nawait p.stop(10_000);\nconsole.log('alive=' + p.isAlive() + ' exit=' + (await p.exited));`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('alive=false exit=SIGTERM');
    expect(r.status).toBe(0);
  });
});
