// Calls a node method and checks its answer against a zod schema before any field is used.
// Invariant: a backend only ever sees node data that passed its schema; anything else is a NodeFailure naming method and field.
import type { z } from 'zod';
import type { JsonRpcClient, RpcError } from './json-rpc-client';
import { NodeFailure } from './chain-backend';
import { describeZodError } from '../../shared/syncer/worker-protocol';

export function toNodeFailure(e: RpcError): NodeFailure {
  switch (e.kind) {
    case 'unreachable':
    case 'timeout':
    case 'http-error':
    case 'credentials':
      return new NodeFailure('transport', e.message);
    case 'malformed-response':
      return new NodeFailure('bad-data', `node sent malformed data: ${e.message}`);
    case 'rpc-error':
      return new NodeFailure('rpc', e.message, e.code);
  }
}

export async function nodeCall<S extends z.ZodType>(client: JsonRpcClient, method: string, params: unknown, schema: S): Promise<z.infer<S>> {
  const r = await client.call(method, params);
  if (!r.ok) throw toNodeFailure(r.error);
  const p = schema.safeParse(r.value);
  if (!p.success) throw new NodeFailure('bad-data', `node sent malformed data for ${method}: ${describeZodError(p.error)}`);
  return p.data;
}

export async function nodePost<S extends z.ZodType>(client: JsonRpcClient, path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  const r = await client.postJson(path, body);
  if (!r.ok) throw toNodeFailure(r.error);
  const p = schema.safeParse(r.value);
  if (!p.success) throw new NodeFailure('bad-data', `node sent malformed data for ${path}: ${describeZodError(p.error)}`);
  return p.data;
}
