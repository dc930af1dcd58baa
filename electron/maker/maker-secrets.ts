// The headless maker's secrets: its wallet seed (the swap keys derive from it) and the passwords of the
// operator's RPCs that use no cookie. From the OS keychain when one answers (the seed is created there
// on first start), else from a file the operator writes, TOML or JSON, whose mode must be 0600.
// Guards: a secret file anyone but its owner can read is refused with the chmod to run, before anything
// is read from it; a secret the config needs but neither source holds is a typed error naming it; no
// secret is ever logged or written anywhere else.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { fromHex, toHex } from '../../shared/hex';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { KEYCHAIN_SERVICE, type Keychain } from '../keychain/keychain-port';
import type { MakerConfig } from './maker-config';

export type MakerSecretsError = AppError<'maker-secrets'>;

export interface MakerSecrets {
  readonly seed: Uint8Array;
  readonly bitcoinRpcPassword?: string;
  readonly moneroWalletRpcPassword?: string;
  readonly moneroDaemonPassword?: string;
  /** Where they came from, for the start-up log line (never the secrets themselves). */
  readonly source: string;
}

/** The keychain accounts (service `farcaster-swap-wallet`): the maker's own seed, never the person's wallet seed. */
export const MAKER_ACCOUNTS = {
  seed: 'maker-seed-v1',
  bitcoinRpcPassword: 'maker-bitcoin-rpc-password',
  moneroWalletRpcPassword: 'maker-monero-wallet-rpc-password',
  moneroDaemonPassword: 'maker-monero-daemon-password',
} as const;

const SecretFileSchema = z.strictObject({
  seed: z.string().regex(/^[0-9a-f]{64}$/, 'seed: 32 bytes as 64 lowercase hex digits (e.g. openssl rand -hex 32)'),
  bitcoin_rpc_password: z.string().min(1).optional(),
  monero_wallet_rpc_password: z.string().min(1).optional(),
  monero_daemon_password: z.string().min(1).optional(),
});

const fail = (message: string): Result<never, MakerSecretsError> => err(appError('maker-secrets', message));

/** Which passwords this config needs (RPCs with a user and no cookie). */
export function neededPasswords(c: MakerConfig): Array<'bitcoinRpcPassword' | 'moneroWalletRpcPassword' | 'moneroDaemonPassword'> {
  return [
    ...(c.bitcoin.nodes.some((n) => n.user !== undefined) ? (['bitcoinRpcPassword'] as const) : []),
    ...(c.monero.wallet_rpc.user !== undefined ? (['moneroWalletRpcPassword'] as const) : []),
    ...(c.monero.nodes.some((n) => n.user !== undefined) ? (['moneroDaemonPassword'] as const) : []),
  ];
}

/** Mode check first: a file readable or writable by group or others is refused, with the fix. */
export function readSecretFile(file: string, c: MakerConfig): Result<MakerSecrets, MakerSecretsError> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    return fail(`secrets.file ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const mode = st.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    return fail(`secrets.file ${file} has mode ${mode.toString(8).padStart(4, '0')}: others can read the maker's seed. Run: chmod 600 ${file}`);
  }
  let raw: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    raw = file.endsWith('.json') ? JSON.parse(text) : parseToml(text);
  } catch (e) {
    return fail(`secrets.file ${file} does not parse: ${(e as Error).message.split('\n')[0]}`);
  }
  const s = SecretFileSchema.safeParse(raw);
  if (!s.success) return fail(`secrets.file ${file}: ${s.error.issues[0]?.path.join('.') || '(top)'}: ${s.error.issues[0]?.message ?? 'invalid'}`);
  const got: MakerSecrets = {
    seed: fromHex(s.data.seed),
    source: `the secret file ${file}`,
    ...(s.data.bitcoin_rpc_password ? { bitcoinRpcPassword: s.data.bitcoin_rpc_password } : {}),
    ...(s.data.monero_wallet_rpc_password ? { moneroWalletRpcPassword: s.data.monero_wallet_rpc_password } : {}),
    ...(s.data.monero_daemon_password ? { moneroDaemonPassword: s.data.monero_daemon_password } : {}),
  };
  const snake = { bitcoinRpcPassword: 'bitcoin_rpc_password', moneroWalletRpcPassword: 'monero_wallet_rpc_password', moneroDaemonPassword: 'monero_daemon_password' };
  for (const k of neededPasswords(c)) if (!got[k]) return fail(`secrets.file ${file} has no ${snake[k]}, which the config needs (an RPC with a user and no cookie)`);
  return ok(got);
}

/** From an answering keychain: the seed (created on the first start), and the passwords the config needs. */
export async function readKeychainSecrets(kc: Keychain, where: string, c: MakerConfig): Promise<Result<MakerSecrets, MakerSecretsError>> {
  let seed = await kc.get(KEYCHAIN_SERVICE, MAKER_ACCOUNTS.seed);
  if (!seed.ok && seed.error.kind === 'not-found') {
    const fresh = toHex(new Uint8Array(randomBytes(32)));
    const set = await kc.set(KEYCHAIN_SERVICE, MAKER_ACCOUNTS.seed, fresh);
    if (!set.ok) return fail(`cannot store the maker's new seed in ${where}: ${set.error.message}`);
    seed = ok(fresh);
  }
  if (!seed.ok) return fail(`cannot read the maker's seed from ${where}: ${seed.error.message}`);
  if (!/^[0-9a-f]{64}$/.test(seed.value)) return fail(`the maker's seed in ${where} (account ${MAKER_ACCOUNTS.seed}) is not 64 hex digits`);
  const out: { -readonly [K in keyof MakerSecrets]: MakerSecrets[K] } = { seed: fromHex(seed.value), source: where };
  for (const k of neededPasswords(c)) {
    const v = await kc.get(KEYCHAIN_SERVICE, MAKER_ACCOUNTS[k]);
    if (!v.ok) {
      return fail(
        `${where} holds no ${MAKER_ACCOUNTS[k]} (${v.error.message}), which the config needs. Store it: ` +
          `secret-tool store --label="${MAKER_ACCOUNTS[k]}" service ${KEYCHAIN_SERVICE} account ${MAKER_ACCOUNTS[k]}`,
      );
    }
    out[k] = v.value;
  }
  return ok(out);
}

export interface SecretSources {
  /** The OS keychain if one answered (null: none, with why). */
  readonly keychain: () => Promise<{ kc: Keychain; where: string } | { kc: null; why: string }>;
}

/** The keychain when allowed and answering, else the 0600 file, else a typed refusal naming both. */
export async function loadMakerSecrets(c: MakerConfig, src: SecretSources): Promise<Result<MakerSecrets, MakerSecretsError>> {
  let why = 'secrets.keychain is false';
  if (c.secrets.keychain) {
    const k = await src.keychain();
    if (k.kc) return readKeychainSecrets(k.kc, k.where, c);
    why = `no OS keychain answered: ${k.why}`;
  }
  if (c.secrets.file) return readSecretFile(c.secrets.file, c);
  return fail(`no secrets: ${why}, and the config names no secrets.file (a TOML file with seed = "<openssl rand -hex 32>", mode 0600)`);
}
