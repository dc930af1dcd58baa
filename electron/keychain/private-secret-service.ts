// A private D-Bus session bus plus a gnome-keyring Secret Service in a temp HOME: keychain tests touch
// a REAL libsecret store without ever touching the user's own keyring, and the regtest sandbox keeps
// its worthless seed in one (sandbox-keychain.ts, keyring files kept in `keyringDir`).
// Guards: every process it starts is its own child and is killed by pid in stop(), even when frozen;
// on Linux they also get SIGKILL when this process dies (setpriv --pdeathsig), so a kill -9 of the host
// leaves no bus or keyring daemon behind. The bus socket stays in a short temp dir (sun_path limit).
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOOLS = ['/usr/bin/dbus-daemon', '/usr/bin/gnome-keyring-daemon', '/usr/bin/dbus-send'] as const;
const KEYRING_PASSWORD = 'test-keyring-password';
// util-linux (essential on Debian). Without it the children still die with stop() and the keyring
// exits with its bus, but a kill -9 of this process would leave the bus running.
const SETPRIV = '/usr/bin/setpriv';

/** Why keychain itests cannot run here, or null when every tool is present. */
export function secretServiceMissingReason(): string | null {
  const missing = TOOLS.filter((t) => !existsSync(t));
  return missing.length ? `missing ${missing.join(', ')} (apt-get install dbus gnome-keyring)` : null;
}

export interface PrivateSecretService {
  /** Environment for a child process that should use this keyring (HOME, D-Bus address, ...). */
  readonly env: Record<string, string>;
  readonly home: string;
  /** Where the keyring files are (kept after stop() when given as `keyringDir`). */
  readonly keyringDir: string;
  /** Pids of the bus and keyring daemon still running (tests check that none outlives stop()). */
  pids(): number[];
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

export interface PrivateSecretServiceOptions {
  readonly unlock: boolean;
  readonly withKeyring?: boolean;
  /** Keep the keyring files here (XDG_DATA_HOME) instead of the temp HOME: the same secrets come back next start. */
  readonly keyringDir?: string;
  /** The login keyring's password (a keyring created with it must be unlocked with it). */
  readonly password?: string;
}

/** Spawn a daemon that gets SIGKILL when this process dies, however it dies. */
function spawnTied(cmd: string, args: string[], opts: SpawnOptions): ChildProcess {
  if (process.platform === 'linux' && existsSync(SETPRIV)) return spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', cmd, ...args], opts);
  return spawn(cmd, args, opts);
}

const alive = (c: ChildProcess | undefined): c is ChildProcess & { pid: number } =>
  c !== undefined && c.pid !== undefined && c.exitCode === null && c.signalCode === null;

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

export async function startPrivateSecretService(opts: PrivateSecretServiceOptions): Promise<PrivateSecretService> {
  const base = await mkdtemp(join(tmpdir(), 'fc-keyring-'));
  const home = join(base, 'home');
  const run = join(base, 'run');
  await mkdir(join(home, '.cache'), { recursive: true });
  await mkdir(run);
  await chmod(run, 0o700);
  await writeFile(join(base, 'bus.conf'), BUS_CONFIG(join(base, 'bus')));
  // gnome-keyring keeps its files in $XDG_DATA_HOME/keyrings.
  const dataHome = opts.keyringDir ?? join(home, '.local', 'share');
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_RUNTIME_DIR: run, XDG_DATA_HOME: dataHome };

  const bus = spawnTied('dbus-daemon', ['--config-file', join(base, 'bus.conf'), '--nofork', '--print-address=1'], {
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
      keyring = spawnTied('gnome-keyring-daemon', ['--foreground', '--components=secrets', ...(unlock ? ['--unlock'] : [])], {
        env,
        stdio: [unlock ? 'pipe' : 'ignore', 'ignore', 'ignore'],
      });
      // --unlock reads the login keyring's password from stdin (creating the keyring if new).
      if (unlock) keyring.stdin?.end(opts.password ?? KEYRING_PASSWORD);
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
      keyringDir: join(dataHome, 'keyrings'),
      pids: () => [bus, keyring].filter(alive).map((c) => c.pid),
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
