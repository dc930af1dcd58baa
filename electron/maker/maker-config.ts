// The headless maker's config file (TOML or JSON, by its extension): the operator's nodes, hot
// wallets, listener, data dir, secrets source and quoting policy, checked by one zod schema and then by
// the offer rules of the network (amounts, timelocks, fee). Guards: a bad file is one typed error that
// names the field (`bitcoin.nodes`, `policy.sell_xmr.min_btc`, ...) and nothing starts; amounts are
// decimal strings parsed exactly (never floats); a policy the network's rules would refuse at publish
// time (min > max, dust, timelocks that leave a race window, a fee outside floor..cap) is refused here.
// The Nostr relays its offers are announced on: absent, the network's defaults; [] publishes nowhere;
// a relay address must be wss:// (ws:// only to this machine), as the app's Settings require.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { RelayUrlSchema, relaysInUse } from '../../shared/networks/nostr-relays';
import { SWAP_NETWORK_NAMES, SWAP_NETWORKS } from '../../shared/networks/swap-networks';
import { HostSchema } from '../../shared/offer/offer-schema';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { temporalSafetyProblem } from '../../shared/protocol/temporal-safety';

export type MakerConfigError = AppError<'maker-config'> & { readonly field: string };

const url = z.string().url();
/** "0.01" BTC or "150.5" XMR: a decimal string, parsed exactly. */
const decimal = z.string().regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, 'a decimal number as a string, e.g. "0.01"');
const port = z.number().int().min(1).max(65535);

const BtcNodeSchema = z.strictObject({
  url,
  /** Bitcoin Core's .cookie; else `user` with the password from the secrets (bitcoin_rpc_password). */
  cookie_file: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
});

const SideSchema = z.strictObject({
  min_btc: decimal,
  max_btc: decimal,
  /** Percent taken off (selling XMR) or added to (buying XMR) the price: the maker's margin. */
  spread_percent: z.number().min(0).max(50).default(0),
  /** How many swaps of this offer may run at once. */
  capacity: z.number().int().min(1).max(64),
});
export type SidePolicy = z.infer<typeof SideSchema>;

const PolicySchema = z.strictObject({
  /** The mid price, XMR per BTC. */
  price_xmr_per_btc: decimal,
  /** The maker sells XMR for BTC (it is Alice); absent: not quoted. */
  sell_xmr: SideSchema.optional(),
  /** The maker buys XMR with BTC (it is Bob); absent: not quoted. */
  buy_xmr: SideSchema.optional(),
  /** Blocks; default: the network's (shared/networks/swap-networks.ts). */
  cancel_timelock: z.number().int().min(1).max(0xffff).optional(),
  punish_timelock: z.number().int().min(1).max(0xffff).optional(),
  /** Fixed rate (sat/vB) signed into every offer; absent: the node's estimate within the network's floor and cap. */
  fee_rate_sat_per_vb: z.number().positive().optional(),
  /** Minutes (fractions allowed). */
  offer_expiry_minutes: z.number().min(0.1).max(7 * 24 * 60).default(60),
  /** A fresh offer replaces the old one this often (before it expires); must be below the expiry. */
  refresh_minutes: z.number().min(0.1).default(45),
  /** A taken swap that has not got past the point of abort by then is aborted: a vanished taker frees its place. */
  take_timeout_minutes: z.number().min(0.1).max(24 * 60).default(30),
});

export const MakerConfigSchema = z.strictObject({
  network: z.enum(SWAP_NETWORK_NAMES),
  /** Transcripts, offer book, status file, offers.txt, the node's peer identity. */
  data_dir: z.string().min(1),
  /** Nostr relays the standing offers are announced on (NIP-69); absent: the network's defaults; []: none. */
  relays: z.array(RelayUrlSchema).max(16).optional(),
  listen: z.strictObject({
    /** The address the listener binds. */
    host: z.string().min(1).default('0.0.0.0'),
    port,
    /** The host takers dial, signed into every offer (a DNS name or IP literal). */
    public_host: HostSchema,
  }),
  bitcoin: z.strictObject({
    /** In order: the syncer fails over to the next (announced). */
    nodes: z.array(BtcNodeSchema).min(1, 'at least one Bitcoin Core node').max(8),
    /** The Core wallet Bob-role locks are paid from (and swept back to). */
    wallet: z.string().min(1),
    /** Where the maker's BTC goes: Alice's payout, Bob's refund. */
    payout_address: z.string().min(1),
    /** Regtest only: the address format of the test chain ("litecoin-regtest": the test machines' stand-in). */
    regtest_chain: z.enum(['regtest', 'litecoin-regtest']).optional(),
  }),
  monero: z.strictObject({
    nodes: z.array(z.strictObject({ url, trusted: z.boolean().default(true), user: z.string().min(1).optional() })).min(1, 'at least one monerod').max(8),
    /** The maker's hot XMR wallet: a monero-wallet-rpc the operator runs, with the wallet open. */
    wallet_rpc: z.strictObject({ url, user: z.string().min(1).optional() }),
  }),
  secrets: z
    .strictObject({
      /** Use the OS keychain when one answers (default); else (or false) the file below. */
      keychain: z.boolean().default(true),
      /** TOML or JSON, mode 0600: seed, bitcoin_rpc_password, monero_wallet_rpc_password, monero_daemon_password. */
      file: z.string().min(1).optional(),
    })
    .default({ keychain: true }),
  policy: PolicySchema,
});
export type MakerConfig = z.infer<typeof MakerConfigSchema>;

const configError = (field: string, message: string): MakerConfigError => ({ ...appError('maker-config', `${field}: ${message}`), field });

/** Reads and checks a config file; relative paths in it are taken from the file's folder. */
export function loadMakerConfig(file: string): Result<MakerConfig, MakerConfigError> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return err(configError('(file)', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
  }
  const raw = parseConfigText(text, file.endsWith('.json') ? 'json' : 'toml');
  if (!raw.ok) return raw;
  const c = checkMakerConfig(raw.value);
  if (!c.ok) return c;
  const base = path.dirname(path.resolve(file));
  const abs = (p: string) => path.resolve(base, p);
  return ok({
    ...c.value,
    data_dir: abs(c.value.data_dir),
    bitcoin: { ...c.value.bitcoin, nodes: c.value.bitcoin.nodes.map((n) => (n.cookie_file ? { ...n, cookie_file: abs(n.cookie_file) } : n)) },
    secrets: { ...c.value.secrets, ...(c.value.secrets.file ? { file: abs(c.value.secrets.file) } : {}) },
  });
}

export function parseConfigText(text: string, format: 'toml' | 'json'): Result<unknown, MakerConfigError> {
  try {
    return ok(format === 'json' ? JSON.parse(text) : parseToml(text));
  } catch (e) {
    return err(configError('(file)', `not valid ${format.toUpperCase()}: ${(e as Error).message.split('\n')[0]}`));
  }
}

/** The schema, then the rules across fields (sides, amounts, timelocks, fee, refresh). */
export function checkMakerConfig(raw: unknown): Result<MakerConfig, MakerConfigError> {
  const parsed = MakerConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : '(top)';
    return err(configError(field, issue?.message ?? 'invalid'));
  }
  const problem = policyProblem(parsed.data) ?? nodeProblem(parsed.data);
  return problem ? err(problem) : ok(parsed.data);
}

function nodeProblem(c: MakerConfig): MakerConfigError | null {
  for (const [i, n] of c.bitcoin.nodes.entries()) {
    if (n.cookie_file && n.user) return configError(`bitcoin.nodes.${i}`, 'give cookie_file or user (with bitcoin_rpc_password in the secrets), not both');
    if (!n.cookie_file && !n.user) return configError(`bitcoin.nodes.${i}`, 'needs cookie_file, or user (with bitcoin_rpc_password in the secrets)');
  }
  if (c.bitcoin.regtest_chain && c.network !== 'regtest') return configError('bitcoin.regtest_chain', `only on regtest, not ${c.network}`);
  return null;
}

function policyProblem(c: MakerConfig): MakerConfigError | null {
  const p = c.policy;
  const net = SWAP_NETWORKS[c.network];
  if (!p.sell_xmr && !p.buy_xmr) return configError('policy', 'quote at least one side: [policy.sell_xmr] or [policy.buy_xmr]');
  if (toUnits(p.price_xmr_per_btc, 12) <= 0n) return configError('policy.price_xmr_per_btc', 'must be above 0');
  for (const side of ['sell_xmr', 'buy_xmr'] as const) {
    const s = p[side];
    if (!s) continue;
    const [min, max] = [toUnits(s.min_btc, 8), toUnits(s.max_btc, 8)];
    const f = `policy.${side}`;
    if (min > max) return configError(`${f}.min_btc`, `${s.min_btc} BTC is above max_btc ${s.max_btc} BTC: the range is empty`);
    if (min < net.minBtcSats) return configError(`${f}.min_btc`, `${min} sats is below the ${c.network} dust limit of ${net.minBtcSats} sats`);
    if (max > net.maxBtcSats) return configError(`${f}.max_btc`, `${s.max_btc} BTC is above the 21 million BTC there can ever be`);
    if (xmrForBtc(min, sidePrice(p.price_xmr_per_btc, side, s.spread_percent)) < net.minXmrPiconero) return configError(`${f}.min_btc`, 'buys no XMR at this price');
  }
  const { cancel, punish } = timelocksOf(c);
  const unsafe = temporalSafetyProblem({ finality: net.btcFinality, safety: net.btcSafety, cancel, punish });
  if (unsafe) return configError(p.punish_timelock !== undefined && cancel >= punish ? 'policy.punish_timelock' : 'policy.cancel_timelock', `${unsafe} (on ${c.network}: finality ${net.btcFinality}, safety ${net.btcSafety})`);
  if (p.fee_rate_sat_per_vb !== undefined) {
    const kvb = Math.round(p.fee_rate_sat_per_vb * 1000);
    if (kvb < net.minFeeSatPerKvB || kvb > net.maxFeeSatPerKvB) return configError('policy.fee_rate_sat_per_vb', `${p.fee_rate_sat_per_vb} sat/vB is outside ${net.minFeeSatPerKvB / 1000}..${net.maxFeeSatPerKvB / 1000} on ${c.network}`);
  }
  if (p.refresh_minutes >= p.offer_expiry_minutes) return configError('policy.refresh_minutes', `${p.refresh_minutes} must be below offer_expiry_minutes ${p.offer_expiry_minutes}: a fresh offer must replace one before it expires`);
  return null;
}

/** The relays this maker announces its offers on, each once (none: it announces nowhere). */
export const makerRelays = (c: Pick<MakerConfig, 'network' | 'relays'>): string[] => relaysInUse(c.network, c.relays, null);

export const timelocksOf = (c: Pick<MakerConfig, 'network' | 'policy'>): { cancel: number; punish: number } => ({
  cancel: c.policy.cancel_timelock ?? SWAP_NETWORKS[c.network].cancelTimelock,
  punish: c.policy.punish_timelock ?? SWAP_NETWORKS[c.network].punishTimelock,
});

/** "1.5" with 8 decimals -> 150000000n; digits beyond `decimals` are cut (never rounded up). */
export function toUnits(d: string, decimals: number): bigint {
  const [whole = '0', frac = ''] = d.split('.');
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt((frac + '0'.repeat(decimals)).slice(0, decimals) || '0');
}

/** Piconero per whole BTC on one side: the mid price less the spread when selling XMR, plus it when buying. */
export function sidePrice(price: string, side: 'sell_xmr' | 'buy_xmr', spreadPercent: number): bigint {
  const bps = BigInt(Math.round(spreadPercent * 100));
  const mid = toUnits(price, 12);
  return side === 'sell_xmr' ? (mid * (10_000n - bps)) / 10_000n : (mid * (10_000n + bps)) / 10_000n;
}

export const xmrForBtc = (sats: bigint, piconeroPerBtc: bigint): bigint => (sats * piconeroPerBtc) / 100_000_000n;
