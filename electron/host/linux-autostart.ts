// Start at login on Linux: Electron's setLoginItemSettings does nothing there, so the wallet writes (or
// removes) an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/fcswap.desktop`, which every freedesktop
// session (GNOME, KDE, Xfce, ...) starts at login. The entry starts the wallet hidden (the tray), like
// the login item on macOS and Windows, so a swap that was running goes on without a window.
// Invariant: only our own file is ever written or removed; a file there that we did not write (no
// X-Fcswap-Autostart key) is left alone and reported, never overwritten.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';
import { STARTED_HIDDEN_FLAG } from './background-policy';

const OURS = 'X-Fcswap-Autostart=true';

export interface AutostartTarget {
  /** The executable to start: an AppImage's own path (APPIMAGE) or the Electron binary. */
  readonly exec: string;
  /** Extra arguments before the hidden flag (an unpackaged app passes its app folder). */
  readonly args?: readonly string[];
}

/** Desktop Entry value quoting (freedesktop spec "Exec key"): reserved characters inside double quotes. */
export function quoteExecArg(a: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(a)) return a;
  return `"${a.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The entry's text: hidden start, no terminal, and the key that marks the file as ours. */
export function autostartEntry(t: AutostartTarget): string {
  const exec = [t.exec, ...(t.args ?? []), STARTED_HIDDEN_FLAG].map(quoteExecArg).join(' ');
  return ['[Desktop Entry]', 'Type=Application', 'Name=Farcaster swap wallet', 'Comment=Keeps unfinished swaps running', `Exec=${exec}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', OURS, ''].join('\n');
}

export const autostartFile = (env: NodeJS.ProcessEnv, home: string): string =>
  path.join(env['XDG_CONFIG_HOME'] && path.isAbsolute(env['XDG_CONFIG_HOME']) ? env['XDG_CONFIG_HOME'] : path.join(home, '.config'), 'autostart', 'fcswap.desktop');

export type AutostartResult = { readonly ok: true; readonly changed: boolean } | { readonly ok: false; readonly reason: string };

/** Make the autostart entry match the setting; idempotent, and never touches a file that is not ours. */
export function applyLinuxAutostart(file: string, on: boolean, target: AutostartTarget): AutostartResult {
  try {
    const present = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (present !== null && !present.includes(OURS)) return { ok: false, reason: `${file} exists and was not written by this wallet; remove it or edit it by hand` };
    if (!on) {
      if (present === null) return { ok: true, changed: false };
      rmSync(file);
      return { ok: true, changed: true };
    }
    const want = autostartEntry(target);
    if (present === want) return { ok: true, changed: false };
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, want, 0o644);
    return { ok: true, changed: true };
  } catch (e) {
    return { ok: false, reason: `cannot update ${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
