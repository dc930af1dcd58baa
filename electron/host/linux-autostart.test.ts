import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLinuxAutostart, autostartEntry, autostartFile, quoteExecArg } from './linux-autostart';
import { STARTED_HIDDEN_FLAG } from './background-policy';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'fc-autostart-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Linux autostart entry', () => {
  it('starts the wallet hidden and quotes paths with spaces', () => {
    const e = autostartEntry({ exec: '/opt/Farcaster Swap/fcswap', args: ['/home/a b/app'] });
    expect(e).toContain(`Exec="/opt/Farcaster Swap/fcswap" "/home/a b/app" ${STARTED_HIDDEN_FLAG}\n`);
    expect(e.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
    expect(quoteExecArg('a"b$c')).toBe('"a\\"b\\$c"');
  });
  it('lives under XDG_CONFIG_HOME when it is absolute, else ~/.config', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/p')).toBe('/x/cfg/autostart/fcswap.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: 'relative' }, '/home/p')).toBe('/home/p/.config/autostart/fcswap.desktop');
    expect(autostartFile({}, '/home/p')).toBe('/home/p/.config/autostart/fcswap.desktop');
  });
  it('on writes the entry once (idempotent); off removes only our file', () => {
    const file = path.join(tmp(), 'autostart', 'fcswap.desktop');
    const target = { exec: '/usr/bin/fcswap' };
    expect(applyLinuxAutostart(file, true, target)).toEqual({ ok: true, changed: true });
    expect(readFileSync(file, 'utf8')).toBe(autostartEntry(target));
    expect(applyLinuxAutostart(file, true, target)).toEqual({ ok: true, changed: false });
    expect(applyLinuxAutostart(file, true, { exec: '/new/place/fcswap' })).toEqual({ ok: true, changed: true });
    expect(readFileSync(file, 'utf8')).toContain('Exec=/new/place/fcswap ');
    expect(applyLinuxAutostart(file, false, target)).toEqual({ ok: true, changed: true });
    expect(existsSync(file)).toBe(false);
    expect(applyLinuxAutostart(file, false, target)).toEqual({ ok: true, changed: false });
  });
  it('never overwrites or removes a file it did not write, and says so', () => {
    const dir = path.join(tmp(), 'autostart');
    mkdirSync(dir);
    const file = path.join(dir, 'fcswap.desktop');
    writeFileSync(file, '[Desktop Entry]\nExec=/somebody/else\n');
    for (const on of [true, false]) {
      const r = applyLinuxAutostart(file, on, { exec: '/usr/bin/fcswap' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/not written by this wallet/);
      expect(readFileSync(file, 'utf8')).toBe('[Desktop Entry]\nExec=/somebody/else\n');
    }
  });
});
