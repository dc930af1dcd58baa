// Does a usable (answering, unlocked) OS keychain exist for a given environment? One real keytar write
// and delete of a probe entry, in a child process killed after a few seconds.
// Why a child: libsecret binds to the D-Bus of its first call for the life of the process, and a
// locked or dead Secret Service can hang a call ~25 s. Why a write: libsecret answers "no entry" for a
// LOCKED collection too, so only a successful write proves the store is unlocked. The child never
// reads the seed (the host process must not hold it). Why `node -e`: the same script runs under
// tsx, the bundled browser host and Electron (ELECTRON_RUN_AS_NODE), with keytar resolved here.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { KEYCHAIN_SERVICE } from './keychain-port';
import { classifyKeytarError } from './keytar-keychain';

export const PROBE_ACCOUNT = 'keychain-probe';
export const DEFAULT_PROBE_TIMEOUT_MS = 3_000;

export type ProbeResult = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly reason: string };

export interface ProbeOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  readonly platform?: NodeJS.Platform;
}

// argv after `-e`: [keytar path, service, account]. Prints one line: "ok" or "error <json message>".
const PROBE_SCRIPT = `
const keytar = require(process.argv[1]);
const [service, account] = process.argv.slice(2);
keytar.setPassword(service, account, 'probe')
  .then(() => keytar.deletePassword(service, account))
  .then(() => process.stdout.write('ok\\n'), (e) => process.stdout.write('error ' + JSON.stringify(String((e && e.message) || e)) + '\\n'));
`;

/** What the person calls the store keytar uses on this platform. */
export function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (D-Bus)';
}

export async function probeOsKeychain(o: ProbeOptions): Promise<ProbeResult> {
  const platform = o.platform ?? process.platform;
  // No session bus: libsecret has nothing to ask (it would only try X11 autolaunch). Fail at once.
  if (platform !== 'darwin' && platform !== 'win32' && !o.env.DBUS_SESSION_BUS_ADDRESS) {
    return { ok: false, reason: 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)' };
  }
  let keytarPath: string;
  try {
    keytarPath = createRequire(import.meta.url).resolve('keytar');
  } catch (e) {
    return { ok: false, reason: `keytar is not installed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const timeoutMs = o.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const line = await probeChild(keytarPath, o.env, timeoutMs);
  if (line === 'ok') return { ok: true, name: keychainName(platform) };
  if (line === null) return { ok: false, reason: `no answer within ${timeoutMs / 1000} s (locked, or no Secret Service running)` };
  if (line.startsWith('error ')) return { ok: false, reason: classifyKeytarError(new Error(JSON.parse(line.slice(6)) as string)).message };
  return { ok: false, reason: line };
}

/** The child's first line, or null on timeout. The child is always killed: a hung call must not linger. */
function probeChild(keytarPath: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    // Electron's execPath is Electron itself: run it as plain Node (its keytar is built for its ABI).
    const childEnv = process.versions.electron ? { ...env, ELECTRON_RUN_AS_NODE: '1' } : env;
    const child = spawn(process.execPath, ['-e', PROBE_SCRIPT, keytarPath, KEYCHAIN_SERVICE, PROBE_ACCOUNT], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errText = '';
    const finish = (v: string | null) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(v);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    child.stderr.on('data', (d: Buffer) => (errText += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) finish(out.slice(0, nl).trim());
    });
    child.on('error', (e) => finish(`could not start the probe: ${e.message}`));
    // 'close', not 'exit': stdout may still hold the answer when the process has exited.
    child.on('close', (code) => {
      if (!out.includes('\n')) finish(`the probe exited (${code}): ${errText.trim().split('\n').slice(-1)[0] ?? ''}`);
    });
  });
}
