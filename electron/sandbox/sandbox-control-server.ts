// The sandbox's loopback control server: the wallet host asks it for an offer (the maker selling or
// buying XMR) and for a payment from the sandbox's BTC or XMR wallet. Guards: 127.0.0.1 only; a bearer token (new each start, in the 0600 info file) on
// every call; POST only; bodies capped at 16 KiB and schema-checked; every failure is an answer, never a crash.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';

const PayBody = z.object({ address: z.string().min(1).max(200), sats: z.string().regex(/^[0-9]{1,16}$/) }).strict();
const PayXmrBody = z.object({ address: z.string().min(1).max(200), piconero: z.string().regex(/^[0-9]{1,16}$/) }).strict();
const OfferBody = z.object({ lockXmr: z.boolean().optional(), makerRole: z.enum(['alice', 'bob']).optional() }).strict();
const MAX_BODY = 16_384;

export type SandboxMakerRole = 'alice' | 'bob';

export interface ControlHandlers {
  offer(lockXmr: boolean, makerRole: SandboxMakerRole): Promise<Result<string, AppError>>;
  payBtc(address: string, sats: bigint): Promise<string>;
  /** Once per address: asked again, the earlier payment's txid. */
  payXmr(address: string, piconero: bigint): Promise<Result<string, AppError>>;
}

export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startControlServer(token: string, h: ControlHandlers): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { ok: false, error: { kind: 'sandbox-auth', message: 'bad token' } });
    if (req.method !== 'POST') return reply(405, { ok: false, error: { kind: 'sandbox-method', message: 'POST only' } });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => void route(req.url ?? '', parseBody(chunks, size), h).then(([status, body]) => reply(status, body)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

function parseBody(chunks: Buffer[], size: number): unknown {
  if (size > MAX_BODY) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}

async function route(url: string, body: unknown, h: ControlHandlers): Promise<[number, unknown]> {
  try {
    if (url === '/offer') {
      const b = OfferBody.safeParse(body);
      if (!b.success) return [400, { ok: false, error: { kind: 'sandbox-request', message: "body: {lockXmr?: boolean, makerRole?: 'alice' | 'bob'}" } }];
      return [200, await h.offer(b.data.lockXmr ?? true, b.data.makerRole ?? 'alice')];
    }
    if (url === '/pay-xmr') {
      const b = PayXmrBody.safeParse(body);
      if (!b.success) return [400, { ok: false, error: { kind: 'sandbox-request', message: 'body: {address, piconero}' } }];
      const paid = await h.payXmr(b.data.address, BigInt(b.data.piconero));
      return [200, paid.ok ? ok({ txid: paid.value }) : paid];
    }
    if (url === '/pay-btc') {
      const b = PayBody.safeParse(body);
      if (!b.success) return [400, { ok: false, error: { kind: 'sandbox-request', message: 'body: {address, sats}' } }];
      return [200, ok({ txid: await h.payBtc(b.data.address, BigInt(b.data.sats)) })];
    }
    return [404, { ok: false, error: { kind: 'sandbox-route', message: `no route ${url.slice(0, 40)}` } }];
  } catch (e) {
    return [200, err(appError('sandbox-failed', e instanceof Error ? e.message : String(e)))];
  }
}
