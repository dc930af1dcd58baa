// The sandbox's kept state and its dir lock, and the info file's two shapes (with and without chain ids).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxInfoSchema } from './sandbox-info';
import { lockSandboxDir, readSandboxState, writeSandboxState } from './sandbox-state';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fc-sandbox-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sandbox state file', () => {
  it('is empty when missing, and round-trips with mode 0600', () => {
    expect(readSandboxState(dir)).toEqual({ v: 1 });
    const s = { v: 1 as const, btc: { rpcPort: 18443, rpcPassword: 'ab'.repeat(12) }, xmr: { rpcPort: 18081 }, maker: { port: 40000, btcPayout: 'rltc1qx' }, yourBtc: 'rltc1qy' };
    writeSandboxState(dir, s);
    expect(readSandboxState(dir)).toEqual(s);
    expect(statSync(path.join(dir, 'sandbox-state.json')).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged file with a message that says what deleting it costs', () => {
    writeFileSync(path.join(dir, 'sandbox-state.json'), JSON.stringify({ v: 1, maker: { port: 'x' } }));
    expect(() => readSandboxState(dir)).toThrow(/not a sandbox state file.*new port/);
  });
});

describe('sandbox dir lock', () => {
  it('refuses a second owner while the first holds it, naming its pid', async () => {
    const first = await lockSandboxDir(dir, 0, () => undefined);
    await expect(lockSandboxDir(dir, 0, () => undefined)).rejects.toThrow(new RegExp(`another sandbox is running on .*pid ${process.pid}`));
    first.release();
    (await lockSandboxDir(dir, 0, () => undefined)).release();
  });

  it('waits for an owner that is stopping, and says so once', async () => {
    const first = await lockSandboxDir(dir, 0, () => undefined);
    const said: string[] = [];
    setTimeout(() => first.release(), 600);
    const second = await lockSandboxDir(dir, 5_000, (l) => said.push(l));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/waiting for the sandbox/);
    second.release();
  });

  it('takes over the lock of a dead process (a kill -9)', async () => {
    writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: 2 ** 22 + 12345, start: '1', host: os.hostname() }));
    const l = await lockSandboxDir(dir, 0, () => undefined);
    expect(JSON.parse(readFileSync(path.join(dir, 'LOCK'), 'utf8')).pid).toBe(process.pid);
    l.release();
  });
});

describe('sandbox info file', () => {
  const base = {
    v: 1,
    pid: 42,
    controlUrl: 'http://127.0.0.1:4000',
    token: 'ab'.repeat(24),
    btc: { rpcUrl: 'http://127.0.0.1:18443', rpcUser: 'regtest', rpcPassword: 'pw' },
    xmr: { daemonUrl: 'http://127.0.0.1:18081' },
    addresses: { btc: 'rltc1q', xmr: '4abc' },
    blockMs: 1000,
  };
  it('reads the older shape without chain ids', () => {
    expect(SandboxInfoSchema.safeParse(base).success).toBe(true);
  });
  it('reads chain ids and the maker, and refuses a malformed id', () => {
    const chains = { btc: { height: 1, hash: 'a'.repeat(64) }, xmr: { height: 201, hash: 'b'.repeat(64) } };
    const maker = { key: 'c'.repeat(64), port: 40000 };
    expect(SandboxInfoSchema.parse({ ...base, chains, maker }).chains).toEqual(chains);
    expect(SandboxInfoSchema.safeParse({ ...base, chains: { ...chains, btc: { height: 1, hash: 'zz' } } }).success).toBe(false);
  });
});
