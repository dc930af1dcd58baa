// The regtest sandbox's own keychain: a private D-Bus + gnome-keyring owned by the host, used only when
// no OS keychain answers on regtest with the sandbox on (choose-keychain.ts). Its keyring files live in
// a directory of the data dir (0700) so the same seed comes back after a restart; the bus socket and
// XDG_RUNTIME_DIR stay in a short temp dir (a unix socket path is limited to ~107 bytes).
// Guards: the keyring password is a fixed constant ON PURPOSE: the keys it protects are regtest keys,
// worthless by design, and a real network never gets here. stop() kills both daemons; a kill -9 of
// the host kills them too (parent-death signal, see private-secret-service.ts).
import { chmod, mkdir } from 'node:fs/promises';
import { startPrivateSecretService, type PrivateSecretService } from './private-secret-service';

/** Not a secret: it only keeps gnome-keyring from prompting. The keyring holds regtest keys only. */
export const SANDBOX_KEYCHAIN_PASSWORD = 'fc-regtest-sandbox-keychain-worthless';

export interface SandboxKeychain {
  /** Merge over a child's environment so its keytar calls reach this keyring. */
  readonly env: Record<string, string>;
  /** Where the keyring files are kept across restarts. */
  readonly dir: string;
  /** Pids of its daemons still running. */
  pids(): number[];
  stop(): Promise<void>;
}

export async function startSandboxKeychain(opts: { dir: string }): Promise<SandboxKeychain> {
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is masked by the umask and ignored for an existing dir: set it explicitly.
  await chmod(opts.dir, 0o700);
  const svc: PrivateSecretService = await startPrivateSecretService({ unlock: true, keyringDir: opts.dir, password: SANDBOX_KEYCHAIN_PASSWORD });
  return {
    // Only what routes libsecret to our bus: the child keeps its own HOME, PATH, etc.
    env: { DBUS_SESSION_BUS_ADDRESS: svc.env.DBUS_SESSION_BUS_ADDRESS!, XDG_RUNTIME_DIR: svc.env.XDG_RUNTIME_DIR! },
    dir: opts.dir,
    pids: () => svc.pids(),
    stop: () => svc.stop(),
  };
}
