// Integration test of the regtest harness against the real litecoind and monerod binaries.
// Invariant: each node starts, mines, pays, and leaves no process behind after stop().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type XmrRegtest } from './index';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('btc regtest (litecoind)', () => {
  let btc: BtcRegtest;
  beforeAll(async () => {
    btc = await startBtcRegtest();
    console.log(`[regtest] litecoind up with mature coins in ${btc.startMs} ms`);
  });
  afterAll(async () => {
    await btc?.stop();
  });

  it('has a funded wallet, sends and mines', async () => {
    const bal = await btc.rpc<number>('getbalance');
    expect(bal).toBeGreaterThan(0);
    const addr = await btc.newAddress();
    expect(addr.startsWith('rltc1')).toBe(true);
    const txid = await btc.sendTo(addr, 12_345_678n);
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
    const before = await btc.rpc<number>('getblockcount');
    const [hash] = await btc.mine(1);
    expect(await btc.rpc<number>('getblockcount')).toBe(before + 1);
    const tx = await btc.rpc<{ confirmations: number; blockhash: string }>('getrawtransaction', [txid, true]);
    expect(tx.confirmations).toBe(1);
    expect(tx.blockhash).toBe(hash);
    const utxo = await btc.rpc<{ amount: number }[]>('listunspent', [1, 9999, [addr]]);
    expect(utxo.map((u) => u.amount)).toEqual([0.12345678]);
  });

  it('survives a restart with its chain and wallet', async () => {
    const h = await btc.rpc<number>('getblockcount');
    await btc.restart();
    expect(await btc.rpc<number>('getblockcount')).toBe(h);
    expect(await btc.rpc<number>('getbalance')).toBeGreaterThan(0);
  });
});

describe('xmr regtest (monerod + wallet-rpc)', () => {
  let xmr: XmrRegtest;
  beforeAll(async () => {
    xmr = await startXmrRegtest();
    console.log(`[regtest] monerod up in ${xmr.startMs} ms`);
  });
  afterAll(async () => {
    await xmr?.stop();
  });

  it('mines, funds a wallet and transfers with ring size 16', async () => {
    const h0 = await xmr.height();
    const t0 = performance.now();
    expect(h0).toBeGreaterThanOrEqual(200); // the template chain
    const a = await xmr.fundedWallet(30_000_000_000_000n);
    console.log(`[regtest] funded wallet (wallet-rpc + transfer + 10 blocks + refresh) in ${Math.round(performance.now() - t0)} ms`);
    expect(await xmr.height()).toBeGreaterThanOrEqual(h0 + 10);
    const bal = await a.wallet.rpc<{ unlocked_balance: number; balance: number }>('get_balance', { account_index: 0 });
    expect(bal.balance).toBe(30_000_000_000_000);
    expect(bal.unlocked_balance).toBe(30_000_000_000_000);

    const b = await xmr.startWalletRpc();
    await b.rpc('create_wallet', { filename: 'b', password: '', language: 'English' });
    const { address: bAddr } = await b.rpc<{ address: string }>('get_address', { account_index: 0 });
    const sent = await a.wallet.rpc<{ tx_hash: string }>('transfer', {
      destinations: [{ amount: 1_000_000_000_000, address: bAddr }],
      ring_size: 16,
    });
    expect(sent.tx_hash).toMatch(/^[0-9a-f]{64}$/);
    await xmr.mine(1);
    await b.rpc('refresh', {});
    const got = await b.rpc<{ balance: number }>('get_balance', { account_index: 0 });
    expect(got.balance).toBe(1_000_000_000_000);
    await b.stop();
    await a.wallet.stop();
  });
});

describe('teardown', () => {
  it('stop() kills the daemon and removes its data dir', async () => {
    const btc = await startBtcRegtest({ initialBlocks: 1 });
    const dir = btc.datadir;
    const pid = btc.nodePid();
    try {
      expect(await btc.rpc<number>('getblockcount')).toBe(1);
      expect(pid).not.toBeNull();
      expect(alive(pid!)).toBe(true);
    } finally {
      await btc.stop();
    }
    expect(alive(pid!)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s to the owning process kills its node and removes the data dir', async (sig) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../rigs/regtest/exit-hook.fixture.ts', import.meta.url))], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (c: Buffer) => {
          buf += c.toString();
          if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
        });
        child.once('exit', () => reject(new Error('fixture exited early')));
      });
      const { pid, dir } = JSON.parse(line) as { pid: number; dir: string };
      expect(alive(pid)).toBe(true);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(sig);
      await exited;
      for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      expect(alive(pid)).toBe(false);
      expect(existsSync(dir)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
