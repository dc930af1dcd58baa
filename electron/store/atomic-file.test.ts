// writeFileAtomic and replaceFile: the file holds the new bytes with the asked mode, replaces the old ones whole, and
// leaves no temp file behind.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replaceFile, writeFileAtomic } from './atomic-file';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes text or bytes, replaces the old file whole, with mode 0600 unless asked otherwise, leaves no temp file', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fc-atomic-'));
    const f = path.join(dir, 'state.json');
    writeFileSync(f, 'x'.repeat(1000));
    const mode = () => (process.platform === 'win32' ? null : statSync(f).mode & 0o777);
    writeFileAtomic(f, '{"v":2}');
    expect(readFileSync(f, 'utf8')).toBe('{"v":2}');
    if (mode() !== null) expect(mode()).toBe(0o600);
    writeFileAtomic(f, Uint8Array.of(1, 2, 3), 0o640);
    expect([...readFileSync(f)]).toEqual([1, 2, 3]);
    if (mode() !== null) expect(mode()).toBe(0o640 & ~process.umask());
    expect(readdirSync(dir)).toEqual(['state.json']);
  });
});

describe('replaceFile', () => {
  it('replaces the old file whole (no fsync), with the asked mode, leaves no temp file', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fc-replace-'));
    const f = path.join(dir, 'status.json');
    writeFileSync(f, 'x'.repeat(1000));
    replaceFile(f, '{"v":3}\n', 0o600);
    expect(readFileSync(f, 'utf8')).toBe('{"v":3}\n');
    if (process.platform !== 'win32') expect(statSync(f).mode & 0o777).toBe(0o600);
    replaceFile(f, '{"v":4}');
    expect(readFileSync(f, 'utf8')).toBe('{"v":4}');
    expect(readdirSync(dir)).toEqual(['status.json']);
  });
});
