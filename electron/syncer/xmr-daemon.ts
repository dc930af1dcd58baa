// The monerod answers the Monero backend reads (tip, block hashes, transactions), schema-checked.
// Invariant: nothing from monerod reaches the backend before it passed these schemas.
import { z } from 'zod';
import type { JsonRpcClient } from './json-rpc-client';
import { nodeCall } from './node-call';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Hex = z.string().regex(/^(?:[0-9a-f]{2})*$/);
const LastHeader = z.object({ block_header: z.object({ height: z.number().int().min(0), hash: Hash }) });
export const GetTransactions = z.object({
  status: z.string(),
  txs: z
    .array(z.object({ tx_hash: Hash, in_pool: z.boolean(), block_height: z.number().int().min(0).optional(), as_hex: Hex.optional() }))
    .optional(),
  missed_tx: z.array(Hash).optional(),
});

export async function lastBlockHeader(daemon: JsonRpcClient): Promise<{ height: number; hash: string }> {
  return (await nodeCall(daemon, 'get_last_block_header', {}, LastHeader)).block_header;
}

export async function blockHashAt(daemon: JsonRpcClient, height: number): Promise<string> {
  return (await nodeCall(daemon, 'get_block_header_by_height', { height }, LastHeader)).block_header.hash;
}
