import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WalletMakerFile } from './wallet-offers-file';

const dirs: string[] = [];
const fileIn = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'fc-maker-file-'));
  dirs.push(d);
  return path.join(d, 'offers', 'maker.json');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the wallet's maker file (listener port, payout addresses per offer)", () => {
  it('starts empty, keeps the port and the addresses across a reopen, 0600', () => {
    const f = fileIn();
    const a = WalletMakerFile.open(f);
    if (!a.ok) throw new Error(a.error.message);
    expect(a.value.port).toBeNull();
    a.value.setPort(41234);
    a.value.setPayout('a'.repeat(32), { btcAddress: 'rltc1x', xmrAddress: '4x' });
    const b = WalletMakerFile.open(f);
    if (!b.ok) throw new Error(b.error.message);
    expect(b.value.port).toBe(41234);
    expect(b.value.payout('a'.repeat(32))).toEqual({ btcAddress: 'rltc1x', xmrAddress: '4x' });
    expect(b.value.payout('b'.repeat(32))).toBeUndefined();
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });
  it('a damaged file is an error, never an empty book (that would forget the offers’ addresses)', () => {
    const f = fileIn();
    const a = WalletMakerFile.open(f);
    if (!a.ok) throw new Error(a.error.message);
    a.value.setPort(41234);
    writeFileSync(f, '{"version":1,"port":"x"');
    expect(WalletMakerFile.open(f)).toMatchObject({ ok: false, error: { kind: 'offer-book-damaged' } });
    writeFileSync(f, JSON.stringify({ version: 1, port: 70000, payouts: {} }));
    expect(WalletMakerFile.open(f)).toMatchObject({ ok: false, error: { kind: 'offer-book-damaged' } });
    expect(readFileSync(f, 'utf8')).toContain('70000');
  });
});
