// Bitcoin Core's cookie file (`<datadir>/.cookie`, `__cookie__:<password>`): the credentials a local node writes at each start.
// Invariant: a missing or unreadable cookie is a typed error naming the path and the fix, never a bare 401; the file is re-read only when asked (after a 401).
import { readFile } from 'node:fs/promises';
import { err, ok, type Result } from '../../shared/result';

export interface CookieCredentials {
  readonly user: string;
  readonly password: string;
}

/** Reads `user:password` from the cookie file; the error message says where the file lives and what to do. */
export async function readRpcCookie(path: string): Promise<Result<CookieCredentials, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code ?? String(e);
    return err(
      `cannot read the Bitcoin node's cookie file ${path} (${code}): it is written by bitcoind in its datadir ` +
        '(e.g. ~/.bitcoin/.cookie, ~/.bitcoin/testnet3/.cookie, ~/.bitcoin/signet/.cookie) while the node runs; ' +
        'start the node, check the path, and give the wallet read access to the file (or set rpcuser/rpcpassword instead)',
    );
  }
  const line = text.trim();
  const colon = line.indexOf(':');
  if (colon <= 0) return err(`the Bitcoin node's cookie file ${path} does not hold "user:password"; is it really bitcoind's .cookie?`);
  return ok({ user: line.slice(0, colon), password: line.slice(colon + 1) });
}

/** Basic-auth header of the cookie, read once and kept until `refresh` (the node rewrites the file at every restart). */
export function cookieAuth(path: string): { header(): Promise<Result<string, string>>; refresh(): void } {
  let cached: string | null = null;
  return {
    async header() {
      if (cached !== null) return ok(cached);
      const c = await readRpcCookie(path);
      if (!c.ok) return c;
      cached = `Basic ${Buffer.from(`${c.value.user}:${c.value.password}`).toString('base64')}`;
      return ok(cached);
    },
    refresh() {
      cached = null;
    },
  };
}
