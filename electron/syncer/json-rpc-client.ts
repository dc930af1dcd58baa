// JSON-RPC over HTTP for bitcoind/litecoind, monerod and monero-wallet-rpc, returning errors as values.
// Invariant: nothing a node sends (garbage, HTML, wrong shapes, hangs) throws or crashes the caller; it becomes a typed RpcError.
import { err, ok, type Result } from '../../shared/result';

export type RpcErrorKind =
  /** Connection refused / reset / DNS: the node is down or the URL is wrong. */
  | 'unreachable'
  | 'timeout'
  /** The node answered with a non-JSON body or a JSON body without result/error. */
  | 'malformed-response'
  /** HTTP status other than 200 without a JSON-RPC error body (e.g. 401 bad credentials). */
  | 'http-error'
  /** A well-formed JSON-RPC error object from the node (has `code`). */
  | 'rpc-error';

export interface RpcError {
  readonly kind: RpcErrorKind;
  readonly message: string;
  /** JSON-RPC error code for kind 'rpc-error' (e.g. -5 no such tx, -27 already in chain). */
  readonly code?: number;
}

export interface JsonRpcOptions {
  /** Base URL, e.g. http://127.0.0.1:18443 (no trailing path). */
  readonly url: string;
  readonly user?: string;
  readonly password?: string;
  readonly timeoutMs?: number;
  /** Path of the JSON-RPC endpoint: '/' for Bitcoin Core, '/json_rpc' for Monero. */
  readonly rpcPath?: string;
  /**
   * Read integers of 16+ digits as decimal strings: Monero amounts in piconero pass 2^53 and JSON.parse
   * would round them silently.
   */
  readonly bigIntsAsStrings?: boolean;
}

const BIG_INT = /([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g;

export interface JsonRpcClient {
  readonly url: string;
  call(method: string, params?: unknown): Promise<Result<unknown, RpcError>>;
  /** Monero's non-JSON-RPC endpoints (/get_transactions, /send_raw_transaction): POST JSON, JSON back. */
  postJson(path: string, body: unknown): Promise<Result<unknown, RpcError>>;
}

const MAX_BODY_CHARS = 200;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function createJsonRpcClient(opts: JsonRpcOptions): JsonRpcClient {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.user !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${opts.user}:${opts.password ?? ''}`).toString('base64')}`;
  }
  let nextId = 1;

  async function post(path: string, body: unknown): Promise<Result<{ status: number; json: unknown }, RpcError>> {
    let res: Response;
    try {
      res = await fetch(opts.url + path, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        return err({ kind: 'timeout', message: `${opts.url}${path}: no answer within ${timeoutMs} ms` });
      }
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return err({ kind: 'unreachable', message: `${opts.url}${path}: ${cause?.code ?? cause?.message ?? String(e)}` });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      return err({ kind: 'unreachable', message: `${opts.url}${path}: connection dropped mid-answer (${String(e)})` });
    }
    let json: unknown;
    try {
      json = JSON.parse(opts.bigIntsAsStrings ? text.replace(BIG_INT, '$1"$2"') : text);
    } catch {
      if (res.status !== 200) {
        return err({ kind: 'http-error', message: `${opts.url}${path}: HTTP ${res.status} ${text.slice(0, MAX_BODY_CHARS)}` });
      }
      return err({ kind: 'malformed-response', message: `${opts.url}${path}: answer is not JSON: ${JSON.stringify(text.slice(0, MAX_BODY_CHARS))}` });
    }
    return ok({ status: res.status, json });
  }

  return {
    url: opts.url,
    async call(method, params = []) {
      const id = nextId++;
      const r = await post(opts.rpcPath ?? '/', { jsonrpc: '2.0', id, method, params });
      if (!r.ok) return r;
      const { status, json } = r.value;
      if (!isRecord(json)) {
        return err({ kind: 'malformed-response', message: `${method}: answer is not a JSON-RPC object` });
      }
      const e = json.error;
      if (e !== undefined && e !== null) {
        if (isRecord(e) && typeof e.code === 'number') {
          return err({ kind: 'rpc-error', code: e.code, message: `${method}: ${String(e.message ?? 'error')} (code ${e.code})` });
        }
        return err({ kind: 'malformed-response', message: `${method}: error field has no code: ${JSON.stringify(e).slice(0, MAX_BODY_CHARS)}` });
      }
      if (status !== 200) return err({ kind: 'http-error', message: `${method}: HTTP ${status}` });
      if (!('result' in json)) return err({ kind: 'malformed-response', message: `${method}: answer has neither result nor error` });
      return ok(json.result);
    },
    async postJson(path, body) {
      const r = await post(path, body);
      if (!r.ok) return r;
      if (r.value.status !== 200) return err({ kind: 'http-error', message: `${path}: HTTP ${r.value.status}` });
      return ok(r.value.json);
    },
  };
}
