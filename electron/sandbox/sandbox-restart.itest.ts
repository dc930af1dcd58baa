// The sandbox survives a restart on real nodes: a second start on the same dir has the same chains (ids,
// heights not lower), the same maker (identity key, listener port, its swap still listed) and the same
// "your" addresses, and a new offer works; a second sandbox on a running dir is refused; a sandbox
// killed with kill -9 is taken over by the next start, whether its nodes were left running (stopped
// first) or killed too (their unflushed state lost, the chains' identity not); a deleted dir gives new
// chains. Prints first-start and restart times.
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOffer } from '../../shared/offer/offer';
import { findLeftovers } from './sandbox-leftovers';
import type { SandboxInfo } from './sandbox-info';
import { startSandbox, type Sandbox } from './sandbox-service';

const work = mkdtempSync(path.join(os.tmpdir(), 'fc-sandbox-restart-'));
const dir = path.join(work, 'sandbox');
const running: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
});

async function start(): Promise<{ s: Sandbox; sec: number }> {
  const t0 = performance.now();
  const s = await startSandbox({ dir, blockMs: 500 });
  running.push(s);
  return { s, sec: (performance.now() - t0) / 1000 };
}
async function stop(s: Sandbox): Promise<number> {
  const t0 = performance.now();
  await s.stop();
  running.splice(running.indexOf(s), 1);
  return (performance.now() - t0) / 1000;
}

async function heights(info: SandboxInfo): Promise<{ btc: number; xmr: number }> {
  const auth = `Basic ${Buffer.from(`${info.btc.rpcUser}:${info.btc.rpcPassword}`).toString('base64')}`;
  const btc = await fetch(info.btc.rpcUrl, { method: 'POST', headers: { authorization: auth }, body: JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'getblockcount', params: [] }) });
  const xmr = await fetch(`${info.xmr.daemonUrl}/json_rpc`, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'get_info' }) });
  return { btc: ((await btc.json()) as { result: number }).result, xmr: ((await xmr.json()) as { result: { height: number } }).result.height - 1 };
}

async function offerOf(s: Sandbox) {
  const o = await s.newOffer();
  if (!o.ok) throw new Error(o.error.message);
  const p = parseOffer(o.value, { nowSec: Math.floor(Date.now() / 1000) });
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

describe('sandbox restart (real nodes)', () => {
  let before: { info: SandboxInfo; offerId: string; heights: { btc: number; xmr: number } };

  it('a restart on the same dir keeps the chains, the maker, its port, its swaps and the addresses', async () => {
    const first = await start();
    const offer = await offerOf(first.s);
    expect(offer.makerKey).toBe(first.s.info.maker?.key);
    expect(offer.makerAddress.port).toBe(first.s.maker.port);
    await new Promise((r) => setTimeout(r, 2_000)); // a few steady blocks
    before = { info: first.s.info, offerId: offer.offerId, heights: await heights(first.s.info) };
    const stopSec = await stop(first.s);
    // A clean stop leaves no node running, no lock and no info file naming a dead process.
    expect(findLeftovers(dir)).toEqual([]);
    expect(existsSync(path.join(dir, 'LOCK'))).toBe(false);
    expect(existsSync(path.join(dir, 'sandbox.json'))).toBe(false);

    const again = await start();
    const info = again.s.info;
    expect(again.s.resumed).toBe(true);
    expect(info.chains).toEqual(before.info.chains);
    const h = await heights(info);
    expect(h.btc).toBeGreaterThanOrEqual(before.heights.btc);
    expect(h.xmr).toBeGreaterThanOrEqual(before.heights.xmr);
    expect(info.maker).toEqual(before.info.maker);
    expect(info.addresses).toEqual(before.info.addresses);
    expect(info.btc.rpcUrl).toBe(before.info.btc.rpcUrl);
    expect(again.s.maker.swapIds()).toContain(before.offerId);
    const next = await offerOf(again.s);
    expect(next.makerKey).toBe(offer.makerKey);
    expect(next.makerAddress.port).toBe(offer.makerAddress.port);
    expect(again.s.maker.swapIds()).toEqual(expect.arrayContaining([before.offerId, next.offerId]));

    // One owner per dir.
    await expect(startSandbox({ dir })).rejects.toThrow(/another sandbox is running/);
    await stop(again.s);
    console.log(`[sandbox] first start ${first.sec.toFixed(1)} s, stop ${stopSec.toFixed(1)} s, restart ${again.sec.toFixed(1)} s`);
  });

  /** The sandbox CLI on `dir`, killed with kill -9 once ready; `nodes`: its node processes too (the whole tree). */
  async function killCli(nodes: boolean): Promise<void> {
    const cli = fileURLToPath(new URL('../cli/sandbox.ts', import.meta.url));
    const child = fork(cli, ['--dir', dir, '--block-ms', '500', '--offers', '0'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.on('message', (m) => ((m as { ready?: string }).ready ? resolve() : undefined));
      child.once('exit', (code) => reject(new Error(`the sandbox CLI exited (${code}) before it was ready`)));
    });
    await new Promise((r) => setTimeout(r, 3_000)); // a few blocks more, to lose if nothing were flushed
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    // Its litecoind, monerod and wallet-rpcs run in their own process groups: they outlive it.
    const left = findLeftovers(dir);
    expect(left.length).toBeGreaterThan(0);
    if (nodes) for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(existsSync(path.join(dir, 'LOCK'))).toBe(true);
  }

  it.each([
    ['its nodes left running and a stale lock: the next start stops them', false],
    ['with its whole tree (nodes unflushed, stale lock): the next start reuses the dir', true],
  ])('a sandbox killed with kill -9, %s', async (_what, nodes) => {
    await killCli(nodes);
    const { s, sec } = await start();
    expect(s.resumed).toBe(true);
    expect(s.info.chains).toEqual(before.info.chains);
    expect(s.info.maker).toEqual(before.info.maker);
    expect(s.info.addresses).toEqual(before.info.addresses);
    expect(s.maker.swapIds()).toContain(before.offerId);
    expect((await offerOf(s)).makerAddress.port).toBe(before.info.maker?.port);
    await stop(s);
    console.log(`[sandbox] start after kill -9 (${nodes ? 'whole tree' : 'nodes left running'}) ${sec.toFixed(1)} s`);
  });

  it('a deleted dir gives new chains and a new maker', async () => {
    rmSync(dir, { recursive: true, force: true });
    const { s, sec } = await start();
    expect(s.resumed).toBe(false);
    expect(s.info.chains?.btc.hash).not.toBe(before.info.chains?.btc.hash);
    expect(s.info.chains?.xmr.hash).not.toBe(before.info.chains?.xmr.hash);
    expect(s.info.chains?.xmr.height).toBe(before.info.chains?.xmr.height);
    expect(s.info.maker?.key).not.toBe(before.info.maker?.key);
    await stop(s);
    console.log(`[sandbox] first start on a deleted dir ${sec.toFixed(1)} s`);
  });
});
