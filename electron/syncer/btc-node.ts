// What every Bitcoin backend concern shares: the node's calls and the answer schemas they share.
// Invariant: a backend concern sees only schema-checked answers; a task's own failure never ends the round, a transport failure does.
import { z } from 'zod';
import type { TaskId, Txid } from '../../shared/ids';
import type { JsonRpcClient } from './json-rpc-client';
import { NodeFailure, type Emit } from './chain-backend';
import { nodeCall } from './node-call';

export const Hash = z.string().regex(/^[0-9a-f]{64}$/);
export const Hex = z.string().regex(/^(?:[0-9a-f]{2})*$/);
export const Header = z.object({ hash: Hash, height: z.number().int().min(0), confirmations: z.number().int(), previousblockhash: Hash.optional() });
const TxIn = z.object({ txid: Hash.optional(), vout: z.number().int().min(0).optional(), coinbase: z.string().optional() });
const TxOut = z.object({ value: z.number().min(0), n: z.number().int().min(0), scriptPubKey: z.object({ hex: Hex }) });
export const VerboseTx = z.object({ txid: Hash, hex: Hex.optional(), blockhash: Hash.optional(), vin: z.array(TxIn), vout: z.array(TxOut) });
export type VerboseTx = z.infer<typeof VerboseTx>;

/** The node as the backend's concerns use it: raw results (for errors read as values) and schema-checked calls. */
export interface BtcNode {
  readonly rpc: JsonRpcClient;
  call<S extends z.ZodType>(method: string, params: unknown[], schema: S): Promise<z.infer<S>>;
}

export function btcNode(rpc: JsonRpcClient): BtcNode {
  return { rpc, call: (method, params, schema) => nodeCall(rpc, method, params, schema) };
}

export const sats = (btc: number): bigint => BigInt(Math.round(btc * 1e8));
export const asTxid = (s: string) => s as Txid;

/** A task's own failure becomes its task-error; a transport failure ends the whole round (node unhealthy). */
export function reportTaskError(emit: Emit, taskId: TaskId, e: unknown): void {
  if (e instanceof NodeFailure && e.kind === 'transport') throw e;
  const msg = e instanceof Error ? e.message : String(e);
  emit({ kind: 'task-error', taskId, error: msg });
}
