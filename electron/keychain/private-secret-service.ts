// Test support: a private D-Bus session bus plus a gnome-keyring Secret Service in a temp HOME, so
// keychain tests touch a REAL libsecret store without ever touching the user's own keyring.
// Guards: every process it starts is its own child and is killed by pid in stop(), even when frozen.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOOLS = ['/usr/bin/dbus-daemon', '/usr/bin/gnome-keyring-daemon', '/usr/bin/dbus-send'] as const;
const KEYRING_PASSWORD = 'test-keyring-password';

/** Why keychain itests cannot run here, or null when every tool is present. */
export function secretServiceMissingReason(): string | null {
  const missing = TOOLS.filter((t) => !existsSync(t));
  return missing.length ? `missing ${missing.join(', ')} (apt-get install dbus gnome-keyring)` : null;
}

export interface PrivateSecretService {
  /** Environment for a child process that should use this keyring (HOME, D-Bus address, ...). */
  readonly env: Record<string, string>;
  readonly home: string;
  /** Stop and start the keyring daemon; `unlock: false` leaves the existing login keyring locked. */
  restartKeyring(opts: { unlock: boolean }): Promise<void>;
  /** SIGSTOP / SIGCONT the keyring daemon: calls then hang as with a stuck unlock prompt. */
  freezeKeyring(): void;
  thawKeyring(): void;
  stop(): Promise<void>;
}

// A bus with no service directories: nothing is auto-activated behind our back (no stray daemons).
const BUS_CONFIG = (socket: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  const done = exited(child);
  const hard = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await done;
  clearTimeout(hard);
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon printed no address')), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buf.slice(0, nl).trim());
      }
    });
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code})`)));
  });
}

function secretsOwned(env: Record<string, string>): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
      { env, timeout: 2_000 },
      (e, stdout) => resolve(!e && /boolean true/.test(stdout)),
    );
  });
}

export async function startPrivateSecretService(opts: { unlock: boolean; withKeyring?: boolean }): Promise<PrivateSecretService> {
  const base = await mkdtemp(join(tmpdir(), 'fc-keyring-'));
  const home = join(base, 'home');
  const run = join(base, 'run');
  await mkdir(join(home, '.cache'), { recursive: true });
  await mkdir(run);
  await chmod(run, 0o700);
  await writeFile(join(base, 'bus.conf'), BUS_CONFIG(join(base, 'bus')));
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_RUNTIME_DIR: run, XDG_DATA_HOME: join(home, '.local', 'share') };

  const bus = spawn('dbus-daemon', ['--config-file', join(base, 'bus.conf'), '--nofork', '--print-address=1'], {
    env: baseEnv,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let keyring: ChildProcess | undefined;
  const stop = async () => {
    await kill(keyring);
    await kill(bus);
    await rm(base, { recursive: true, force: true });
  };
  try {
    const env = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS: await firstLine(bus, 5_000) };
    const startKeyring = async (unlock: boolean) => {
      keyring = spawn('gnome-keyring-daemon', ['--foreground', '--components=secrets', ...(unlock ? ['--unlock'] : [])], {
        env,
        stdio: [unlock ? 'pipe' : 'ignore', 'ignore', 'ignore'],
      });
      // --unlock reads the login keyring's password from stdin (creating the keyring if new).
      if (unlock) keyring.stdin?.end(KEYRING_PASSWORD);
      for (let i = 0; i < 100; i++) {
        if (await secretsOwned(env)) return;
        if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited (${keyring.exitCode})`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('gnome-keyring-daemon did not claim org.freedesktop.secrets within 5 s');
    };
    if (opts.withKeyring !== false) await startKeyring(opts.unlock);
    return {
      env,
      home,
      async restartKeyring({ unlock }) {
        await kill(keyring);
        await startKeyring(unlock);
      },
      freezeKeyring: () => void keyring?.kill('SIGSTOP'),
      thawKeyring: () => void keyring?.kill('SIGCONT'),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
