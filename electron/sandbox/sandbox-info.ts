// What a running sandbox tells the wallet host (the 0600 `sandbox.json`), and the host's side of
// the control calls. Guards: the file and every answer are schema-checked; a dead or foreign
// sandbox gives a typed error that says to start one, never a crash.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';

/** A block the chain itself mined (regtest genesis is the same everywhere): same height, same hash = same chain. */
const ChainIdSchema = z.object({ height: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();

export const SandboxInfoSchema = z
  .object({
    v: z.literal(1),
    pid: z.number().int().positive(),
    controlUrl: z.string().regex(/^http:\/\/127\.0\.0\.1:[0-9]{1,5}$/),
    token: z.string().regex(/^[0-9a-f]{48}$/),
    btc: z.object({ rpcUrl: z.string().url(), rpcUser: z.string(), rpcPassword: z.string() }).strict(),
    xmr: z.object({ daemonUrl: z.string().url() }).strict(),
    /** The person's other wallets in the sandbox: suggested refund / receive addresses. */
    addresses: z.object({ btc: z.string().min(1), xmr: z.string().min(1) }).strict(),
    blockMs: z.number().int().min(1),
    /**
     * Which chains this sandbox runs. They survive a restart of the sandbox; a deleted sandbox dir gives new
     * ones, so a swap recorded with other ids ran on chains that are gone. Absent in files of older sandboxes.
     */
    chains: z.object({ btc: ChainIdSchema, xmr: ChainIdSchema }).strict().optional(),
    /** The maker's peer identity (hex ed25519, every offer's makerKey) and listener port; kept across restarts. */
    maker: z.object({ key: z.string().regex(/^[0-9a-f]{64}$/), port: z.number().int().min(1).max(65_535) }).strict().optional(),
    /** The sandbox's local Nostr relay (ws://127.0.0.1:port) where its maker publishes its standing offers; absent in older files. */
    nostrRelay: z.string().regex(/^ws:\/\/127\.0\.0\.1:[0-9]{1,5}$/).optional(),
  })
  .strict();
export type SandboxInfo = z.infer<typeof SandboxInfoSchema>;

export function readSandboxInfo(file: string): Result<SandboxInfo, AppError> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return err(appError('sandbox-missing', `no sandbox info at ${file} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'}): start one with npm run sandbox`));
  }
  const p = SandboxInfoSchema.safeParse(raw);
  return p.success ? ok(p.data) : err(appError('sandbox-invalid', `${file} is not a sandbox info file: ${p.error.issues[0]?.message ?? 'invalid'}`));
}

const Answer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ kind: z.string(), message: z.string() }) }),
]);

/** The host's calls into a running sandbox. */
export function sandboxControl(info: SandboxInfo) {
  const call = async <T>(route: string, body: unknown, schema: z.ZodType<T>): Promise<Result<T, AppError>> => {
    try {
      const res = await fetch(`${info.controlUrl}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const a = Answer.safeParse(await res.json());
      if (!a.success) return err(appError('sandbox-invalid', `the sandbox answered ${res.status} with an unexpected body`));
      if (!a.data.ok) return err(appError(a.data.error.kind, a.data.error.message));
      const v = schema.safeParse(a.data.value);
      return v.success ? ok(v.data) : err(appError('sandbox-invalid', `unexpected sandbox answer on ${route}`));
    } catch (e) {
      // fetch's own message is only "fetch failed": the cause says what broke (refused, reset, timeout).
      const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
      return err(appError('sandbox-unreachable', `the sandbox does not answer (${e instanceof Error ? e.message : String(e)}${cause}): restart it with npm run sandbox`));
    }
  };
  return {
    /** makerRole bob: the maker buys XMR (the person sells it). */
    offer: (lockXmr = true, makerRole: 'alice' | 'bob' = 'alice') => call('/offer', { lockXmr, makerRole }, z.string()),
    payBtc: (address: string, sats: bigint) => call('/pay-btc', { address, sats: sats.toString() }, z.object({ txid: z.string() })),
    /** From the sandbox's XMR wallet, once per address (asked again: the first payment's txid). */
    payXmr: (address: string, piconero: bigint) => call('/pay-xmr', { address, piconero: piconero.toString() }, z.object({ txid: z.string() })),
  };
}
export type SandboxControl = ReturnType<typeof sandboxControl>;
