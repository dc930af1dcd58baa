// The one table of renderer<->daemon channels: each has a zod request and response schema.
// preload.ts, electron/main.ts and the browser host are all built from it, so no channel is untyped.
import { z } from 'zod';
import { SWAP_NETWORK_NAMES } from '../networks/swap-networks';
import type { ChannelName } from './channel-names';
import { OFFER_CHANNELS } from './offer-channels';
import { BOOK_CHANNELS } from './book-channels';
import { SEED_CHANNELS } from './seed-channels';
import { EXPORT_CHANNELS } from './export-channels';
import { MANUAL_CHANNELS } from './manual-channels';
import { RESTORE_CHANNELS } from './restore-channels';
import { RelayUrlSchema } from '../networks/nostr-relays';

export { CHANNEL_NAMES, IPC_PREFIX, isChannelName, type ChannelName } from './channel-names';

/** field: the request field to change, when one is at fault (the make-offer form marks it). */
export const AppErrorSchema = z.object({ kind: z.string().min(1).max(64), message: z.string().max(2000), field: z.string().max(64).optional() });

export const resultOf = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: AppErrorSchema })]);

/** The swap networks (shared/networks/swap-networks.ts): what Settings and offers name. */
export const NetworkSchema = z.enum(SWAP_NETWORK_NAMES);
export type Network = z.infer<typeof NetworkSchema>;

const NodeUrl = z
  .string()
  .max(300)
  .refine((u) => /^https?:\/\/[^/\s@]+(\/.*)?$/.test(u), 'an http(s) URL without credentials (they go in the login fields)');
const Login = z.object({ user: z.string().min(1).max(200), password: z.string().max(200) });

/** One Bitcoin Core node: none (a node that asks for no login), user/password (rpcauth), or its `.cookie` file. */
export const BtcNodeSchema = z.object({
  url: NodeUrl,
  auth: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('password'), ...Login.shape }),
    z.object({ kind: z.literal('cookie'), file: z.string().min(1).max(1000) }),
  ]),
});
export type BtcNode = z.infer<typeof BtcNodeSchema>;

/** One monerod: trusted = a node the person runs (local); untrusted = a remote node (no `--trusted-daemon`). */
export const XmrNodeSchema = z.object({ url: NodeUrl, trusted: z.boolean(), login: Login.optional() });
export type XmrNode = z.infer<typeof XmrNodeSchema>;

export const SettingsSchema = z.object({
  network: NetworkSchema,
  sandbox: z.boolean(),
  /** The person's nodes in order: the first answering one is used, the others take over when it fails. */
  bitcoinNodes: z.array(BtcNodeSchema).min(1).max(8),
  moneroNodes: z.array(XmrNodeSchema).min(1).max(8),
  /** The Nostr relays of the offer book (and of the person's own offers); absent: the network's defaults (shared/networks/nostr-relays.ts). */
  relays: z.array(RelayUrlSchema).max(16).optional(),
  dataDir: z.string().max(1000),
  /** The folder the encrypted backup (`fcswap-backup.enc`) is written to after each checkpoint; absent or '': none is written. */
  backupDir: z.string().max(1000).optional(),
  /** The desktop app starts (hidden, in the tray) when the person logs in; absent: no. The browser host ignores it. */
  startAtLogin: z.boolean().optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** What settings:set takes: any fields to change; `relays: null` goes back to the network's default relays. */
export const SettingsPatchSchema = SettingsSchema.partial()
  .extend({ relays: z.array(RelayUrlSchema).max(16).nullable().optional() })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const SwapSummarySchema = z.object({
  swapId: z.string().regex(/^[0-9a-f]{32}$/),
  role: z.enum(['alice', 'bob']),
  /** Where it stands, in words the person understands. */
  stage: z.string().max(200),
  /** archived: set aside by the person (its sandbox chains are gone); never resumed again. */
  outcome: z.enum(['running', 'swapped', 'refunded', 'punished', 'aborted', 'damaged', 'archived']),
  btcSats: z.string().regex(/^[0-9]+$/),
  xmrPiconero: z.string().regex(/^[0-9]+$/),
  updatedAt: z.number().int().min(0),
  /** The exact next action (from the enabled transitions), in plain words. */
  next: z.string().max(300),
  /** Blocks left before the nearest safety deadline (cancel, then punish); null when none applies. */
  blocksToDeadline: z.number().int().nullable(),
  /** The person must do something (fund, stay online, ...). */
  needsAction: z.boolean(),
});
export type SwapSummary = z.infer<typeof SwapSummarySchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  /** electron: the desktop app; browser-host: the same renderer served by the Node host. */
  host: z.enum(['electron', 'browser-host']),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const Digits = z.string().regex(/^[0-9]+$/);
const SwapIdText = z.string().regex(/^[0-9a-f]{32}$/);
const TxidText = z.string().regex(/^[0-9a-f]{64}$/);

/** Health of the daemon, each chain and the sandbox, for the status bar and the warning banners. */
export const ChainStatusSchema = z.object({
  chain: z.enum(['btc', 'xmr']),
  height: z.number().int().min(0).nullable(),
  /** ok: syncing; stalled: no new block for longer than expected; unreachable: the node does not answer. */
  status: z.enum(['ok', 'stalled', 'unreachable', 'unknown']),
  message: z.string().max(500),
  /** host:port of the node in use (never credentials); null until the syncer said. */
  endpoint: z.string().max(300).nullable().optional(),
  /** Each of the person's nodes for this chain: tip height, blocks behind the best of them, last error. */
  endpoints: z
    .array(z.object({ host: z.string().max(300), active: z.boolean(), height: z.number().int().min(0).nullable(), lag: z.number().int().min(0).nullable(), error: z.string().max(500).nullable() }))
    .max(9)
    .optional(),
  /** The last failover: "switched to <to>: <reason>". */
  switched: z.object({ from: z.string().max(300), to: z.string().max(300), reason: z.string().max(500), at: z.number().int().min(0) }).nullable().optional(),
});
export const AppStatusSchema = z.object({
  /** The network of the chains in use (absent until the wallet chose them): the header shows this, not the saved setting. */
  network: NetworkSchema.optional(),
  daemon: z.object({ state: z.enum(['starting', 'recovering', 'ready', 'unavailable']), message: z.string().max(500) }),
  chains: z.array(ChainStatusSchema).max(2),
  sandbox: z.object({ state: z.enum(['off', 'starting', 'ready', 'failed']), message: z.string().max(500) }),
  /**
   * The wallet behind the daemon: `id` is the seed's fingerprint (the same seed after a restart or a
   * restore gives the same id), `keychain` says where the seed lives. Absent until the signer answered.
   */
  wallet: z.object({ id: z.string().regex(/^[0-9a-f]{8}$/), keychain: z.string().max(300) }).optional(),
  /** Swaps that need the person now or soon (deadline near, action needed), newest first. */
  notices: z
    .array(
      z.object({
        id: z.string().max(200),
        swapId: SwapIdText.nullable(),
        level: z.enum(['info', 'warning', 'danger']),
        message: z.string().max(500),
      }),
    )
    .max(50),
});
export type AppStatus = z.infer<typeof AppStatusSchema>;
export type ChainStatus = z.infer<typeof ChainStatusSchema>;

/** A parsed, signature-checked offer as the wizard's review step shows it. */
export const OfferReviewSchema = z.object({
  offer: z.string().max(4000),
  offerId: SwapIdText,
  network: NetworkSchema,
  makerRole: z.enum(['alice', 'bob']),
  /** The person's side: taking an offer of an XMR seller (alice) makes us the BTC seller (bob). */
  yourRole: z.enum(['alice', 'bob']),
  btcSats: Digits,
  xmrPiconero: Digits,
  /** A standing offer's smallest take (sats); its largest is btcSats, priced as btcSats for xmrPiconero. Absent: one amount. */
  minBtcSats: Digits.optional(),
  /** What Bob pays into the funding address: the BTC amount plus the lock transaction's fee. */
  fundingSats: Digits.nullable(),
  feeSatPerKvB: z.number().int().min(0),
  /** The taker's node's estimate the offer's rate was checked against (sat/kvB), null: it had none. */
  feeEstimateSatPerKvB: z.number().int().min(0).nullable(),
  /** Each swap transaction's fee in sats at the offer's rate, for the person's side, and when it is paid. */
  fees: z.array(z.object({ tx: z.enum(['lock', 'cancel', 'refund', 'buy', 'punish']), sats: Digits, when: z.string().max(200) })).max(5),
  /** Lock + cancel + refund fees: what a swap that ends in a refund costs the BTC seller. */
  worstCaseRefundSats: Digits,
  cancelTimelock: z.number().int().min(1),
  punishTimelock: z.number().int().min(1),
  /** Confirmations each chain needs before a step counts as final. */
  finalityBtc: z.number().int().min(0),
  finalityXmr: z.number().int().min(0),
  /** Expected seconds per BTC block on this network (to turn blocks into time). */
  btcBlockSeconds: z.number().min(0),
  expiresAt: z.number().int(),
  maker: z.string().max(300),
});
export type OfferReview = z.infer<typeof OfferReviewSchema>;

export const SwapStepSchema = z.object({
  id: z.string().max(64),
  title: z.string().max(200),
  status: z.enum(['done', 'active', 'pending', 'skipped']),
  detail: z.string().max(500).optional(),
  /** Confirmations (or blocks) so far and needed: the progress bar of a waiting step. */
  progress: z.object({ current: z.number().int().min(0), target: z.number().int().min(1), unit: z.enum(['confirmations', 'blocks']) }).optional(),
});
export type SwapStep = z.infer<typeof SwapStepSchema>;

export const SwapViewSchema = z.object({
  summary: SwapSummarySchema,
  /** False after a restart until both chains caught up: nothing is done meanwhile. */
  live: z.boolean(),
  /** Places holding a token: the net picture's current marking. */
  marking: z.array(z.string().max(64)).max(200),
  steps: z.array(SwapStepSchema).max(40),
  /** Safety deadlines: blocks until cancel / punish become valid (null before the lock confirms). */
  deadlines: z
    .array(
      z.object({
        id: z.enum(['cancel', 'punish']),
        title: z.string().max(200),
        blocksLeft: z.number().int().nullable(),
        total: z.number().int().min(1),
      }),
    )
    .max(4),
  /**
   * Alice (sells XMR): the swap's own XMR funding wallet (keys from the signer): where to pay, the exact
   * amount (the lock plus a fee reserve), what arrived and how confirmed (Monero spends only after 10).
   * locked: the lock left it; returned: what was in it went back to the person's XMR refund address.
   * Absent or null for Bob and for swaps whose XMR is paid another way.
   */
  xmrFunding: z
    .object({
      address: z.string().max(200),
      piconero: Digits,
      received: Digits,
      confirmations: z.number().int().min(0),
      target: z.number().int().min(1),
      state: z.enum(['waiting', 'short', 'confirming', 'ready', 'locked', 'returned']),
    })
    .nullable()
    .optional(),
  /** Bob: where to pay and how much; seen: the payment the syncer found. */
  funding: z.object({ address: z.string().max(200), sats: Digits, seen: z.object({ txid: TxidText, sats: Digits, confs: z.number().int().min(0) }).nullable() }).nullable(),
  /**
   * Transactions the swap knows, by name (funding, lock, xmr-lock, buy, cancel, refund, punish, xmr-sweep,
   * btc-sweep) and chain; confs null: not seen by the node (yet), or not watched (a sweep).
   */
  txs: z.array(z.object({ name: z.string().max(32), chain: z.enum(['btc', 'xmr']), txid: TxidText, confs: z.number().int().min(0).nullable() })).max(20),
  /**
   * The whole story of the swap: what the person sent and received (amounts in sats / piconero, after
   * the fees the swap knows) and when it started and ended (ms). Absent or null until there is one.
   */
  story: z
    .object({
      sent: z.array(z.object({ chain: z.enum(['btc', 'xmr']), amount: Digits, what: z.string().max(200) })).max(4),
      received: z.array(z.object({ chain: z.enum(['btc', 'xmr']), amount: Digits, what: z.string().max(200) })).max(4),
      fees: z.array(z.object({ chain: z.enum(['btc', 'xmr']), amount: Digits, what: z.string().max(200) })).max(8),
      startedAt: z.number().int().min(0),
      endedAt: z.number().int().min(0).nullable(),
    })
    .nullable()
    .optional(),
  /** What happens next and when, in plain words. */
  next: z.string().max(500),
  /** Every protocol transition with whether it can fire now and, when not, why (buttons say this). */
  transitions: z.array(z.object({ id: z.string().max(64), title: z.string().max(200), enabled: z.boolean(), reason: z.string().max(300) })).max(100),
  abort: z.object({ allowed: z.boolean(), reason: z.string().max(300) }),
  /** Present when the swap can be set aside for good (its sandbox chains are gone). */
  archive: z.object({ allowed: z.boolean(), reason: z.string().max(300) }).optional(),
  warnings: z.array(z.object({ code: z.string().max(64), level: z.enum(['info', 'warning', 'danger']), message: z.string().max(500) })).max(20),
  /** Things only the person can do now (pay the funding address, ...). */
  asks: z.array(z.object({ id: z.string().max(64), title: z.string().max(200), detail: z.string().max(500) })).max(10),
});
export type SwapView = z.infer<typeof SwapViewSchema>;

export const SwapActionSchema = z.enum(['abort', 'fund-from-sandbox', 'archive']);
export type SwapAction = z.infer<typeof SwapActionSchema>;

const Empty = z.object({}).strict();

export const CHANNELS = {
  'app:info': { request: Empty, response: AppInfoSchema },
  'swaps:list': { request: Empty, response: z.array(SwapSummarySchema) },
  'settings:get': { request: Empty, response: SettingsSchema },
  'settings:set': { request: SettingsPatchSchema, response: SettingsSchema },
  'app:status': { request: Empty, response: AppStatusSchema },
  /** A fresh offer from the local sandbox maker (regtest with the sandbox on). */
  /** makerRole: the sandbox maker's side (alice: it sells XMR, the person buys; bob: it buys XMR, the person sells). Default alice. */
  'sandbox:offer': { request: z.object({ makerRole: z.enum(['alice', 'bob']).optional() }).strict(), response: z.object({ offer: z.string().max(4000) }) },
  /** Addresses of the sandbox's own wallets, suggested for the refund / receive fields on regtest. */
  'sandbox:addresses': { request: Empty, response: z.object({ btc: z.string().max(200), xmr: z.string().max(200) }) },
  'offer:review': { request: z.object({ offer: z.string().min(1).max(4000) }).strict(), response: OfferReviewSchema },
  'swap:start': {
    /** btcSats: the take's amount inside a standing offer's range (absent: its maximum). */
    request: z.object({ offer: z.string().min(1).max(4000), btcAddress: z.string().min(1).max(200), xmrAddress: z.string().min(1).max(200), btcSats: z.string().regex(/^[0-9]{1,30}$/).optional() }).strict(),
    response: z.object({ swapId: SwapIdText }),
  },
  'swap:get': { request: z.object({ swapId: SwapIdText }).strict(), response: SwapViewSchema },
  'swap:action': { request: z.object({ swapId: SwapIdText, action: SwapActionSchema }).strict(), response: SwapViewSchema },
  ...OFFER_CHANNELS,
  ...BOOK_CHANNELS,
  ...SEED_CHANNELS,
  ...EXPORT_CHANNELS,
  ...RESTORE_CHANNELS,
  ...MANUAL_CHANNELS,
} as const satisfies { readonly [C in ChannelName]: { request: z.ZodType; response: z.ZodType } };

export type ChannelRequest<C extends ChannelName> = z.infer<(typeof CHANNELS)[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.infer<(typeof CHANNELS)[C]['response']>;
export type ChannelResult<C extends ChannelName> =
  | { ok: true; value: ChannelResponse<C> }
  | { ok: false; error: { kind: string; message: string; field?: string } };


/** What the preload exposes on `window.swapApi`, and what the browser host's shim provides too. */
export interface SwapApi {
  invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<ChannelResult<C>>;
}
