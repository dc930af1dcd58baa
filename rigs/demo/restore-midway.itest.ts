// Issue #23's Done-when on real nodes, exactly the demo's `--restore-midway` run: Bob writes the
// encrypted backup after each checkpoint; once his BTC lock is on the node his data dir and keychain
// entry are deleted; he is restored from his 24 words and the latest backup file on an empty data dir,
// resumes the unfinished swap and it ends swapped on both sides with the coins where they belong.
// Skipped with a printed reason when the node binaries are missing.
import { describe, expect, it } from 'vitest';
import { runDemo } from './regtest-demo';
import { expectEachPartyExact } from './demo-accounting-expect';
import { missingNodeBinaries } from '../regtest/node-binaries';

const missing = missingNodeBinaries('restore-midway.itest');

describe.skipIf(missing.length > 0)('restore midway: the seed words plus the backup file resume an unfinished swap', () => {
  it('Bob, wiped after his BTC lock and restored on an empty data dir, still swaps', async () => {
    const lines: string[] = [];
    const r = await runDemo({ path: 'happy', restoreMidway: true, progress: (l) => lines.push(l) });
    console.log(`restore midway: ${r.wallSec} s, BTC ${r.btcSats} sats, XMR ${r.xmrPiconero}`);
    for (const l of lines.filter((x) => x.includes('[bob]') && /backup|restor|deleted|dies/.test(x))) console.log(l);
    expect(r.restored).toBe(true);
    // The old machine was really gone, and the restore came from the backup file, written before the kill.
    expect(lines.some((l) => l.includes('data dir and keychain entry deleted'))).toBe(true);
    expect(lines.some((l) => /\[bob\] restored \d+ files of 1 swap\(s\) from the backup/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('[bob] restored: 1 resumed, 0 damaged'))).toBe(true);
    expect(r.alice).toBe('swapped');
    expect(r.bob).toBe('swapped');
    expect(r.btcSats).toBeGreaterThan(1_000_000 - 2_000);
    expect(r.btcSats).toBeLessThan(1_000_000);
    expect(BigInt(r.xmrPiconero)).toBeGreaterThan(1_000_000_000_000n - 10_000_000_000n);
    expect(BigInt(r.xmrPiconero)).toBeLessThan(1_000_000_000_000n);
    expectEachPartyExact(r);
  }, 420_000);
});
