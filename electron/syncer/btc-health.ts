// What the Bitcoin backend needs of its node, checked before the first round and after every failed one: the chain the
// settings name, Bitcoin Core 24 or newer (litecoind 0.21 only as the regtest stand-in of tests), and which blocks a
// pruned node still has. No tx index is needed (watches scan blocks).
// Invariant: any answer that is not what we need, an RPC error included, is a problem naming the fix, never "fine".
import { z } from 'zod';
import type { BtcWorkerConfig } from '../../shared/syncer/worker-protocol';
import { toNodeFailure } from './node-call';
import type { BtcNode } from './btc-node';

/** Bitcoin Core's `version` of 24.0. */
export const MIN_CORE_VERSION = 240_000;

const NetworkInfo = z.object({ version: z.number().int(), subversion: z.string() });
const ChainInfo = z.object({ chain: z.string(), pruned: z.boolean(), pruneheight: z.number().int().min(0).optional() });

export type NodeCheck = { readonly ok: true; readonly pruneHeight: number } | { readonly ok: false; readonly problem: string };

type Expected = BtcWorkerConfig['expectedChain'];

/** Reads getnetworkinfo and getblockchaininfo; a transport failure or garbage throws (as in any round), the rest is a verdict. */
export async function checkBtcNode(node: BtcNode, expected: Expected): Promise<NodeCheck> {
  const net = await ask(node, 'getnetworkinfo', NetworkInfo);
  if (typeof net === 'string') return { ok: false, problem: net };
  const chain = await ask(node, 'getblockchaininfo', ChainInfo);
  if (typeof chain === 'string') return { ok: false, problem: chain };
  const problem = softwareProblem(net.data, chain.data.chain, expected) ?? chainProblem(chain.data.chain, expected);
  if (problem !== null) return { ok: false, problem };
  return { ok: true, pruneHeight: chain.data.pruned ? (chain.data.pruneheight ?? 0) : 0 };
}

async function ask<S extends z.ZodType>(node: BtcNode, method: string, schema: S): Promise<{ data: z.infer<S> } | string> {
  const r = await node.rpc.call(method, []);
  if (!r.ok && r.error.kind !== 'rpc-error') throw toNodeFailure(r.error);
  if (!r.ok) return `the Bitcoin node cannot answer ${method} (${r.error.message}): the wallet needs Bitcoin Core 24 or newer`;
  const p = schema.safeParse(r.value);
  if (!p.success) return `the Bitcoin node's ${method} answer is not Bitcoin Core's: the wallet needs Bitcoin Core 24 or newer`;
  return { data: p.data };
}

/** Bitcoin Core 24+ ("/Satoshi:24.0.1/", Knots too); litecoind ("/LitecoinCore:0.21.2.1/") only on regtest, for tests. */
export function softwareProblem(net: { version: number; subversion: string }, chain: string, expected: Expected): string | null {
  if (/^\/Satoshi:/.test(net.subversion)) {
    if (net.version >= MIN_CORE_VERSION) return null;
    return `the Bitcoin node runs ${net.subversion} (version ${net.version}): the wallet needs Bitcoin Core 24 or newer; upgrade the node`;
  }
  if (/^\/LitecoinCore:/.test(net.subversion)) {
    if (chain === 'regtest' && (expected === undefined || expected === 'regtest')) return null;
    return `the node is litecoind (${net.subversion}), the test stand-in for regtest only: point the wallet at Bitcoin Core 24 or newer`;
  }
  return `the node calls itself ${JSON.stringify(net.subversion.slice(0, 60))}, not Bitcoin Core: the wallet needs Bitcoin Core 24 or newer`;
}

function chainProblem(chain: string, expected: Expected): string | null {
  if (expected === undefined || chain === expected) return null;
  return `the Bitcoin node is on chain "${chain}" but the settings name "${expected}": point the wallet at a node of that chain (or change the network)`;
}
