// The one table of renderer<->daemon channels: each has a zod request and response schema.
// preload.ts, electron/main.ts and the browser host are all built from it, so no channel is untyped.
import { z } from 'zod';
import type { ChannelName } from './channel-names';

export { CHANNEL_NAMES, IPC_PREFIX, isChannelName, type ChannelName } from './channel-names';

export const AppErrorSchema = z.object({ kind: z.string().min(1).max(64), message: z.string().max(2000) });

export const resultOf = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: AppErrorSchema })]);

export const NetworkSchema = z.enum(['mainnet', 'testnet', 'regtest']);
export type Network = z.infer<typeof NetworkSchema>;

export const SettingsSchema = z.object({
  network: NetworkSchema,
  sandbox: z.boolean(),
  bitcoinRpcUrl: z.string().max(300),
  moneroDaemonUrl: z.string().max(300),
  dataDir: z.string().max(1000),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SwapSummarySchema = z.object({
  swapId: z.string().regex(/^[0-9a-f]{32}$/),
  role: z.enum(['alice', 'bob']),
  /** Where it stands, in words the person understands. */
  stage: z.string().max(200),
  outcome: z.enum(['running', 'swapped', 'refunded', 'punished', 'aborted', 'damaged']),
  btcSats: z.string().regex(/^[0-9]+$/),
  xmrPiconero: z.string().regex(/^[0-9]+$/),
  updatedAt: z.number().int().min(0),
});
export type SwapSummary = z.infer<typeof SwapSummarySchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  /** electron: the desktop app; browser-host: the same renderer served by the Node host. */
  host: z.enum(['electron', 'browser-host']),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const Empty = z.object({}).strict();

export const CHANNELS = {
  'app:info': { request: Empty, response: AppInfoSchema },
  'swaps:list': { request: Empty, response: z.array(SwapSummarySchema) },
  'settings:get': { request: Empty, response: SettingsSchema },
  'settings:set': { request: SettingsSchema.partial().strict(), response: SettingsSchema },
} as const satisfies { readonly [C in ChannelName]: { request: z.ZodType; response: z.ZodType } };

export type ChannelRequest<C extends ChannelName> = z.infer<(typeof CHANNELS)[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.infer<(typeof CHANNELS)[C]['response']>;
export type ChannelResult<C extends ChannelName> =
  | { ok: true; value: ChannelResponse<C> }
  | { ok: false; error: { kind: string; message: string } };


/** What the preload exposes on `window.swapApi`, and what the browser host's shim provides too. */
export interface SwapApi {
  invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<ChannelResult<C>>;
}
