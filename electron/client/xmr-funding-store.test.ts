// The funding store on disk: a record survives a reopen; a damaged or foreign file is reported and
// never trusted; a record that fails the schema is not written; a path-like swap id is refused.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileFundingStore } from './xmr-funding-store';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-funding-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const A = 'a1'.repeat(16);
const B = 'b2'.repeat(16);

describe('FileFundingStore', () => {
  it('keeps each record across a reopen, merged field by field, in a 0600 file', async () => {
    const s = new FileFundingStore(dir);
    await s.update(A, { need: '100', fromHeight: 7 });
    await s.update(A, { phase: { kind: 'lock', address: 'joint', piconero: '90' } });
    await s.update(A, { lockTx: { address: 'joint', txid: 'ab'.repeat(32), metadata: 'beef' } });
    const again = new FileFundingStore(dir);
    expect(again.get(A)).toEqual({ need: '100', fromHeight: 7, phase: { kind: 'lock', address: 'joint', piconero: '90' }, lockTx: { address: 'joint', txid: 'ab'.repeat(32), metadata: 'beef' } });
    expect(again.swapIds()).toEqual([A]);
    expect(statSync(path.join(dir, `${A}.json`)).mode & 0o777).toBe(0o600);
  });

  it('a damaged file is reported and not loaded; a bad record or swap id is refused and writes nothing', async () => {
    writeFileSync(path.join(dir, `${B}.json`), '{"phase":{"kind":"pay-everything"}}');
    const s = new FileFundingStore(dir);
    expect(s.get(B)).toBeUndefined();
    expect(s.unreadable).toEqual([`${B}.json`]);
    const before = readFileSync(path.join(dir, `${A}.json`), 'utf8');
    await expect(s.update(A, { need: '-1' })).rejects.toThrow();
    await expect(s.update('../x', { need: '1' })).rejects.toThrow(/not a swap id/);
    expect(readFileSync(path.join(dir, `${A}.json`), 'utf8')).toBe(before);
  });
});
