// JSON-RPC over HTTP for bitcoind/litecoind, monerod and monero-wallet-rpc, returning errors as values.
// Invariant: nothing a node sends (garbage, HTML, wrong shapes, hangs) throws or crashes the caller; it becomes a typed RpcError.
import { err, ok, type Result } from '../../shared/result';
import http from 'node:http';
import { digestAuthorization, parseDigestChallenge, type DigestChallenge } from './http-digest';
import { cookieAuth } from './rpc-cookie';

interface Exchange {
  readonly status: number;
  /** WWW-Authenticate, all values joined. */
  readonly authenticate: string | null;
  readonly text: string;
}

async function viaFetch(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Exchange> {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, authenticate: res.headers.get('www-authenticate'), text: await res.text() };
}

function viaHttp(url: string, headers: Record<string, string>, body: string, timeoutMs: number, agent: http.Agent): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const a = res.headers['www-authenticate'];
        resolve({ status: res.statusCode ?? 0, authenticate: Array.isArray(a) ? a.join(', ') : (a ?? null), text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(body);
  });
}

export type RpcErrorKind =
  /** Connection refused / reset / DNS: the node is down or the URL is wrong. */
  | 'unreachable'
  | 'timeout'
  /** The node answered with a non-JSON body or a JSON body without result/error. */
  | 'malformed-response'
  /** HTTP status other than 200 without a JSON-RPC error body (e.g. 401 bad credentials). */
  | 'http-error'
  /** A well-formed JSON-RPC error object from the node (has `code`). */
  | 'rpc-error'
  /** Our own credentials cannot be had (the cookie file is missing or unreadable): the message says what to do. */
  | 'credentials';

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
  /**
   * Bitcoin Core's cookie file (basic auth `__cookie__:<password>`), used instead of user/password; re-read on
   * HTTP 401 because the node writes a new one at every start.
   */
  readonly cookieFile?: string;
  /** 'basic' (Bitcoin Core) unless 'digest' (monero-wallet-rpc and monerod with --rpc-login). */
  readonly auth?: 'basic' | 'digest';
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

type Post = (path: string, body: unknown) => Promise<Result<{ status: number; json: unknown }, RpcError>>;

export function createJsonRpcClient(opts: JsonRpcOptions): JsonRpcClient {
  const post = jsonPoster(opts);
  let nextId = 1;
  return {
    url: opts.url,
    async call(method, params = []) {
      const id = nextId++;
      const r = await post(opts.rpcPath ?? '/', { jsonrpc: '2.0', id, method, params });
      if (!r.ok) return r;
      return rpcResult(method, r.value.status, r.value.json);
    },
    async postJson(path, body) {
      const r = await post(path, body);
      if (!r.ok) return r;
      if (r.value.status !== 200) return err({ kind: 'http-error', message: `${path}: HTTP ${r.value.status}` });
      return ok(r.value.json);
    },
  };
}

/** A JSON-RPC answer read as its result, or the node's error with its code, or what is wrong with its shape. */
function rpcResult(method: string, status: number, json: unknown): Result<unknown, RpcError> {
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
}

/** POST JSON to the node and read JSON back, with basic auth (user/password or the cookie file), or digest auth answering each new challenge once. */
function jsonPoster(opts: JsonRpcOptions): Post {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const digest = opts.auth === 'digest' && opts.user !== undefined;
  let challenge: DigestChallenge | null = null;
  let nc = 0;
  const cookie = opts.cookieFile !== undefined && !digest ? cookieAuth(opts.cookieFile) : null;
  if (opts.user !== undefined && !digest && !cookie) {
    headers.authorization = `Basic ${Buffer.from(`${opts.user}:${opts.password ?? ''}`).toString('base64')}`;
  }
  // Digest sessions live per TCP connection in monero's epee server: one kept-alive socket, requests in order.
  const agent = digest ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : null;
  const exchange = (path: string, h: Record<string, string>, body: string): Promise<Exchange> =>
    agent ? viaHttp(opts.url + path, h, body, timeoutMs, agent) : viaFetch(opts.url + path, h, body, timeoutMs);

  return async (path, body) => {
    const bodyText = JSON.stringify(body);
    const send = () => {
      const h = { ...headers };
      if (digest && challenge) h.authorization = digestAuthorization(challenge, opts.user ?? '', opts.password ?? '', 'POST', path, ++nc);
      return exchange(path, h, bodyText);
    };
    const noCookie = cookie ? await useCookie(cookie, headers) : null;
    if (noCookie) return err(noCookie);
    let res: Exchange;
    try {
      res = await send();
      if (cookie && res.status === 401) {
        // The node restarted and wrote a new cookie: read it again and retry once.
        cookie.refresh();
        const again = await useCookie(cookie, headers);
        if (again) return err(again);
        res = await send();
      }
      if (digest && res.status === 401) {
        // First request, a new connection, or a stale nonce: take the new challenge and answer it once.
        const c = parseDigestChallenge(res.authenticate);
        if (c) {
          challenge = c;
          nc = 0;
          res = await send();
        }
      }
    } catch (e) {
      return err(transportError(`${opts.url}${path}`, timeoutMs, e));
    }
    return readJson(`${opts.url}${path}`, res, opts.bigIntsAsStrings === true);
  };
}

/** Puts the cookie's basic-auth header in `headers`, or says why the cookie cannot be read. */
async function useCookie(cookie: ReturnType<typeof cookieAuth>, headers: Record<string, string>): Promise<RpcError | null> {
  const h = await cookie.header();
  if (!h.ok) return { kind: 'credentials', message: h.error };
  headers.authorization = h.value;
  return null;
}

function transportError(where: string, timeoutMs: number, e: unknown): RpcError {
  const name = (e as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { kind: 'timeout', message: `${where}: no answer within ${timeoutMs} ms` };
  }
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = (e as { code?: string }).code;
  return { kind: 'unreachable', message: `${where}: ${cause?.code ?? code ?? cause?.message ?? String(e)}` };
}

function readJson(where: string, res: Exchange, bigIntsAsStrings: boolean): Result<{ status: number; json: unknown }, RpcError> {
  const text = res.text;
  let json: unknown;
  try {
    json = JSON.parse(bigIntsAsStrings ? text.replace(BIG_INT, '$1"$2"') : text);
  } catch {
    if (res.status !== 200) {
      return err({ kind: 'http-error', message: `${where}: HTTP ${res.status} ${text.slice(0, MAX_BODY_CHARS)}` });
    }
    return err({ kind: 'malformed-response', message: `${where}: answer is not JSON: ${JSON.stringify(text.slice(0, MAX_BODY_CHARS))}` });
  }
  return ok({ status: res.status, json });
}
