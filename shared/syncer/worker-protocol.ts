// The envelope on the channel between the supervisor and a syncer worker process: config, tasks, events, rejections.
// Invariant: both ends parse every message with these schemas; anything that fails is answered with a typed rejection, never a crash.
import { z } from 'zod';
import { MONERO_CHAIN_NAMES, type MoneroChainName } from '../networks/monero-chains';
import { BtcTaskSchema, ChainSchema, SyncerEventSchema, XmrTaskSchema } from './messages';

const timing = {
  /** Poll period while the node answers. */
  pollMs: z.number().int().min(10).max(600_000),
  /** Report tip-stalled after this long without a new block. */
  stallMs: z.number().int().min(100),
  rpcTimeoutMs: z.number().int().min(100).max(600_000),
  /** Upper bound of the reconnect backoff while the node is unreachable (retries never stop). */
  maxBackoffMs: z.number().int().min(10).max(3_600_000),
};

const DaemonLogin = z.object({ user: z.string().min(1).max(200), password: z.string().max(200) });

export const BtcWorkerConfigSchema = z.object({
  chain: z.literal('btc'),
  rpcUrl: z.string().url(),
  rpcUser: z.string().optional(),
  rpcPassword: z.string().optional(),
  /** Bitcoin Core's cookie file (`<datadir>/.cookie`): credentials instead of rpcUser/rpcPassword, re-read when the node restarts. */
  rpcCookieFile: z.string().min(1).optional(),
  /**
   * The chain the node must be on, as `getblockchaininfo.chain` names it; absent: not checked (old callers).
   * litecoind (tests only) is accepted only when this is 'regtest' or absent.
   */
  expectedChain: z.enum(['main', 'test', 'testnet4', 'signet', 'regtest']).optional(),
  /** Further endpoints, in the person's order: the worker fails over to them (node-failover.ts), announced. */
  fallbacks: z
    .array(z.object({ rpcUrl: z.string().url(), rpcUser: z.string().optional(), rpcPassword: z.string().optional(), rpcCookieFile: z.string().optional() }))
    .max(8)
    .optional(),
  /** estimatesmartfee target in blocks. */
  feeTargetBlocks: z.number().int().min(1).max(1008),
  ...timing,
});
export type BtcWorkerConfig = z.infer<typeof BtcWorkerConfigSchema>;

export const XmrWorkerConfigSchema = z.object({
  chain: z.literal('xmr'),
  daemonUrl: z.string().url(),
  /** monerod RPC login (digest auth; `--daemon-login` of wallet-rpc), when the node asks for one. */
  daemonLogin: DaemonLogin.optional(),
  /** Further endpoints, in the person's order; `trusted`: a node the person runs (wallet-rpc's `--trusted-daemon`). */
  fallbacks: z
    .array(z.object({ daemonUrl: z.string().url(), daemonLogin: DaemonLogin.optional(), trusted: z.boolean() }))
    .max(8)
    .optional(),
  /** monero-wallet-rpc binary (path or name on PATH). */
  walletRpcBin: z.string().min(1),
  /** Directory for the syncer's wallets (watch-only and sweep), named from the task id. */
  walletDir: z.string().min(1),
  walletRpcStartTimeoutMs: z.number().int().min(1000),
  /**
   * The node's Monero chain: the wallet-rpc network flag and the prefix every lock address must carry
   * follow from it (shared/networks). Optional only for callers older than it (then regtest); every
   * shipped caller sets it.
   */
  moneroNetwork: z.enum(MONERO_CHAIN_NAMES).optional(),
  /** The person runs this monerod (`--trusted-daemon`); false for a remote node (`--untrusted-daemon`). Old callers: true. */
  trustedDaemon: z.boolean().optional(),
  ...timing,
});
export type XmrWorkerConfig = z.infer<typeof XmrWorkerConfigSchema>;

/** The Monero chain and node trust of a worker config, with the defaults of callers that predate them. */
export const xmrNodeOf = (c: XmrWorkerConfig): { network: MoneroChainName; trusted: boolean } => ({ network: c.moneroNetwork ?? 'regtest', trusted: c.trustedDaemon ?? true });

export const WorkerConfigSchema = z.discriminatedUnion('chain', [BtcWorkerConfigSchema, XmrWorkerConfigSchema]);
export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;

/** Supervisor -> worker. The task is parsed against the worker's chain in a second step. */
export const ToWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('configure'), config: WorkerConfigSchema }),
  z.object({ type: z.literal('task'), task: z.unknown() }),
  z.object({ type: z.literal('shutdown') }),
]);
export type ToWorker = z.infer<typeof ToWorkerSchema>;

export const taskSchemaFor = (chain: z.infer<typeof ChainSchema>) => (chain === 'btc' ? BtcTaskSchema : XmrTaskSchema);

export const EndpointHealthSchema = z.object({
  /** host:port, never credentials. */
  host: z.string().max(300),
  active: z.boolean(),
  height: z.number().int().min(0).nullable(),
  /** Last failure of this endpoint (null: it answered last time it was asked). */
  error: z.string().max(500).nullable(),
  /** When it was last asked (ms since epoch); null: not yet. */
  checkedAt: z.number().int().min(0).nullable(),
});
export type EndpointHealth = z.infer<typeof EndpointHealthSchema>;

/** Worker -> supervisor. */
export const FromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), chain: ChainSchema, pid: z.number().int() }),
  z.object({ type: z.literal('event'), event: SyncerEventSchema }),
  /** The node answered and its tip moved (or this is the first answer): health for the supervisor. */
  z.object({ type: z.literal('tip'), height: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** A message the worker could not accept (bad envelope, bad task, task before config). */
  z.object({ type: z.literal('rejected'), error: z.string() }),
  /** Each of the person's endpoints as last seen (hosts only): the one in use, tip height, last error. */
  z.object({ type: z.literal('endpoints'), endpoints: z.array(EndpointHealthSchema).max(9) }),
  z.object({ type: z.literal('log'), level: z.enum(['debug', 'info', 'warn', 'error']), message: z.string() }),
]);
export type FromWorker = z.infer<typeof FromWorkerSchema>;

/** Short, secret-free description of a zod failure for a rejection message. */
export function describeZodError(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
