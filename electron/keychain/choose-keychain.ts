// Which keychain the signer uses: the OS one when it answers; on regtest with the sandbox on and no
// usable OS keychain, a private sandbox keychain (worthless regtest keys); on any real network, never a
// fallback: refuse with what to do. Guards: a real network can never reach the sandbox keychain (the
// decision is a pure function of the network, the sandbox flag and the probe), and no path writes a
// seed anywhere but a keychain.
import path from 'node:path';
import type { Network } from '../../shared/ipc/channels';
import { probeOsKeychain, type ProbeOptions, type ProbeResult } from './keychain-probe';
import { secretServiceMissingReason } from './private-secret-service';
import { startSandboxKeychain, type SandboxKeychain } from './sandbox-keychain';

export const SANDBOX_KEYCHAIN_LINE = 'no OS keychain here: using a private sandbox keychain; its keys are worthless';
/** Where the seed lives, as Settings shows it ("Seed kept in: ..."). */
export const SANDBOX_KEYCHAIN_WHERE = 'a private sandbox keychain (regtest; its keys are worthless)';
/** The one command that gives a headless server an unlocked Secret Service for this run. */
export const SERVER_KEYRING_COMMAND =
  `dbus-run-session -- bash -c 'read -rsp "Keyring password: " pw; echo -n "$pw" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npm start'`;

export type KeychainDecision = { readonly kind: 'os'; readonly name: string } | { readonly kind: 'sandbox' } | { readonly kind: 'refused'; readonly message: string };

export type KeychainChoice =
  /**
   * A real keychain answered; `env` is what to merge over the signer's environment (may be empty);
   * `line` is for the log, `where` names the store for Settings.
   */
  | { readonly kind: 'os'; readonly env: Record<string, string>; readonly line: string; readonly where: string }
  /** The private sandbox keychain runs; stop() it after the signer. */
  | { readonly kind: 'sandbox'; readonly env: Record<string, string>; readonly line: string; readonly where: string; stop(): Promise<void> }
  /** No keychain to use (or the sandbox keychain failed to start): `message` says what to do. */
  | { readonly kind: 'refused'; readonly message: string };

export interface ChooseKeychainOptions {
  readonly network: Network;
  /** The regtest sandbox is on (Settings, or a sandbox file given to the host). */
  readonly sandbox: boolean;
  readonly dataDir: string;
  /** The environment the signer would inherit (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  readonly probeTimeoutMs?: number;
}

export interface ChooseKeychainDeps {
  readonly probe: (o: ProbeOptions) => Promise<ProbeResult>;
  readonly startSandbox: (o: { dir: string }) => Promise<SandboxKeychain>;
}

/** Where the sandbox keeps its keyring files: beside the sandbox's nodes, never used on a real network. */
export const sandboxKeychainDir = (dataDir: string) => path.join(dataDir, 'sandbox', 'keychain');

// The status line holds 500 characters: keep the reason short, the instructions whole.
const MAX_REASON = 100;
const cut = (t: string) => (t.length > MAX_REASON ? `${t.slice(0, MAX_REASON - 3)}...` : t);

/** The message for "no keychain": the network, why, and exactly what to do on a desktop and on a server. */
export function refusalMessage(network: Network, reason: string): string {
  const why = cut(reason);
  const scope = network === 'regtest' ? 'regtest without the sandbox' : network;
  return (
    `No OS keychain answered (${why}), so the wallet will not start on ${scope}: it keeps its seed only in a keychain. ` +
    'On a desktop: log in or unlock your keyring (GNOME Keyring, KWallet) and start again. ' +
    `On a headless server run: ${SERVER_KEYRING_COMMAND}`
  );
}

/** Pure: the OS keychain when it answered; the sandbox keychain only on regtest with the sandbox on. */
export function decideKeychain(i: { network: Network; sandbox: boolean; probe: ProbeResult }): KeychainDecision {
  if (i.probe.ok) return { kind: 'os', name: i.probe.name };
  if (i.network === 'regtest' && i.sandbox) return { kind: 'sandbox' };
  return { kind: 'refused', message: refusalMessage(i.network, i.probe.reason) };
}

const DEFAULT_DEPS: ChooseKeychainDeps = { probe: probeOsKeychain, startSandbox: startSandboxKeychain };

/** Probes, decides, and starts the sandbox keychain when that is the decision (the caller stops it). */
export async function chooseKeychain(o: ChooseKeychainOptions, deps: ChooseKeychainDeps = DEFAULT_DEPS): Promise<KeychainChoice> {
  const env = o.env ?? process.env;
  const probe = await deps.probe({ env, ...(o.probeTimeoutMs !== undefined ? { timeoutMs: o.probeTimeoutMs } : {}) });
  const d = decideKeychain({ network: o.network, sandbox: o.sandbox, probe });
  if (d.kind === 'refused') return d;
  if (d.kind === 'os') return { kind: 'os', env: busEnv(env), line: `OS keychain: ${d.name}`, where: `the OS keychain, ${d.name}` };
  try {
    const kc = await deps.startSandbox({ dir: sandboxKeychainDir(o.dataDir) });
    return { kind: 'sandbox', env: kc.env, line: SANDBOX_KEYCHAIN_LINE, where: SANDBOX_KEYCHAIN_WHERE, stop: () => kc.stop() };
  } catch (e) {
    return { kind: 'refused', message: sandboxFailedMessage(probe.ok ? '' : probe.reason, e) };
  }
}

/** The sandbox keychain could not start (no dbus-daemon / gnome-keyring?): what to install or unlock. */
export function sandboxFailedMessage(reason: string, e: unknown): string {
  const why = cut(secretServiceMissingReason() ?? (e instanceof Error ? e.message : String(e)));
  return (
    `No OS keychain answered (${cut(reason)}) and the regtest sandbox's private keychain did not start (${why}). ` +
    'Install dbus and gnome-keyring (apt-get install dbus gnome-keyring), or unlock your keyring, and start again.'
  );
}

/** The variables that route libsecret, as probed: the signer must reach the same store the probe did. */
function busEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'] as const) if (env[k]) out[k] = env[k];
  return out;
}
