// A second host on the same data dir is told where the first runs; a kill -9 leaves no stale lock.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimInstance } from './instance-lock';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A child that claims the instance, publishes a URL, says "held" and waits to be killed. */
function holder(dataDir: string) {
  const code = `
    const { claimInstance } = await import(${JSON.stringify(path.join(import.meta.dirname, 'instance-lock.ts'))});
    const c = claimInstance(process.env.FC_TEST_DIR);
    if (c.kind !== 'claimed') { process.send({ error: c.message }); process.exit(1); }
    c.lock.setInfo({ url: 'http://127.0.0.1:4780/' });
    process.send({ held: true });
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', code], {
    env: { ...process.env, FC_TEST_DIR: dataDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const held = new Promise<void>((resolve, reject) => {
    child.once('message', (m) => ((m as { held?: boolean }).held ? resolve() : reject(new Error(JSON.stringify(m)))));
    child.once('exit', (c) => reject(new Error(`holder exited ${c}`)));
  });
  return { child, held };
}

describe('claimInstance', () => {
  it('tells a second host where the first one runs, and takes over after a kill -9', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fc-instance-'));
    dirs.push(dataDir);
    const h = holder(dataDir);
    await h.held;
    const second = claimInstance(dataDir);
    expect(second.kind).toBe('running');
    if (second.kind !== 'running') return;
    expect(second.pid).toBe(h.child.pid);
    expect(second.url).toBe('http://127.0.0.1:4780/');
    expect(second.message).toContain('already running');
    expect(second.message).toContain('http://127.0.0.1:4780/');

    const exited = new Promise((r) => h.child.once('exit', r));
    h.child.kill('SIGKILL');
    await exited;
    const third = claimInstance(dataDir);
    expect(third.kind).toBe('claimed');
    if (third.kind === 'claimed') third.lock.release();
  });

  it('is taken again by the same data dir after a clean release', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fc-instance-'));
    dirs.push(dataDir);
    const a = claimInstance(dataDir);
    expect(a.kind).toBe('claimed');
    if (a.kind === 'claimed') a.lock.release();
    const b = claimInstance(dataDir);
    expect(b.kind).toBe('claimed');
    if (b.kind === 'claimed') b.lock.release();
  });
});
