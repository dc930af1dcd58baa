// A whole swap whose monero-wallet-rpc processes (sweeps) treat monerod as a remote node (`--untrusted-daemon`,
// issue #19): the demo's happy path on real litecoind, monerod and wallet-rpc, with both parties' XMR
// worker configs set `trustedDaemon: false`. Checked: the swap completes on both sides with the coins
// where they belong, and every wallet-rpc the syncers started (read from /proc/<pid>/cmdline while the
// swap ran) carried `--untrusted-daemon`, never `--trusted-daemon`, and no testnet/stagenet flag.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from './regtest-demo';
import { expectEachPartyExact } from './demo-accounting-expect';
import { missingNodeBinaries } from '../regtest/node-binaries';

const missing = missingNodeBinaries('untrusted-daemon.itest');

const workParent = mkdtempSync(path.join(os.tmpdir(), 'fc-untrusted-'));
afterAll(() => rmSync(workParent, { recursive: true, force: true }));

/** The argv of every running monero-wallet-rpc whose wallet dir is under `dir` (Linux /proc). */
function walletRpcArgvUnder(dir: string): string[][] {
  const found: string[][] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue; // gone meanwhile
    }
    const at = argv.indexOf('--wallet-dir');
    if (argv[0] && path.basename(argv[0]) === 'monero-wallet-rpc' && at >= 0 && argv[at + 1]?.startsWith(dir)) found.push(argv);
  }
  return found;
}

describe.skipIf(missing.length > 0)('a whole swap against an untrusted monerod', () => {
  it('completes, and every syncer wallet-rpc ran with --untrusted-daemon', async () => {
    const seen = new Map<string, string[]>();
    const sample = setInterval(() => {
      for (const argv of walletRpcArgvUnder(workParent)) seen.set(argv.join(' '), argv);
    }, 100);
    const lines: string[] = [];
    try {
      const r = await runDemo({ path: 'happy', xmrTrustedDaemon: false, workParent, progress: (l) => lines.push(l) });
      console.log(`untrusted monerod, happy path: ${r.wallSec} s, BTC ${r.btcSats} sats, XMR ${r.xmrPiconero}; ${seen.size} wallet-rpc command lines seen`);
      expect(r.alice, lines.slice(-20).join('\n')).toBe('swapped');
      expect(r.bob).toBe('swapped');
      expect(r.btcSats).toBeGreaterThan(1_000_000 - 2_000);
      expect(BigInt(r.xmrPiconero)).toBeGreaterThan(1_000_000_000_000n - 10_000_000_000n);
      expectEachPartyExact(r);
    } finally {
      clearInterval(sample);
    }
    // Watches scan in the syncer worker (#25): only a sweep opens a wallet-rpc, here Bob's sweep of the XMR.
    const all = [...seen.values()];
    const dirs = new Set(all.map((a) => a[a.indexOf('--wallet-dir') + 1]));
    expect([...dirs].some((d) => d?.includes(`${path.sep}bob${path.sep}`))).toBe(true);
    for (const argv of all) {
      expect(argv).toContain('--untrusted-daemon');
      expect(argv).not.toContain('--trusted-daemon');
      expect(argv.filter((a) => a === '--testnet' || a === '--stagenet')).toEqual([]);
    }
  }, 300_000);
});
