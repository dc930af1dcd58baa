// The browser host's secret: only the page that was given it may call the wallet's API. Host and
// Origin checks stop other web pages, but any local process can set those headers; the secret (made
// fresh at each start, printed once in the URL as Jupyter does) is what it cannot guess.
// Invariants: 32 random bytes, base64url; compared in constant time (timingSafeEqual on sha256
// digests, so a wrong length says nothing either); a call without it gets a JSON error naming what to do.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The query parameter the printed URL carries the secret in (the page moves it to sessionStorage). */
export const TOKEN_PARAM = 'token';

/** A fresh secret: 32 random bytes as base64url (43 characters). */
export function newHostToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A secret given on the command line (`--token`, for tests only): base64url, long enough to mean something. */
export function checkGivenToken(t: string): string {
  if (!/^[A-Za-z0-9_-]{32,}$/.test(t)) throw new Error('--token must be at least 32 base64url characters (A-Z a-z 0-9 - _)');
  return t;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Whether an Authorization header carries exactly `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== 'string' || token === '') return false;
  const m = /^Bearer ([^\s]+)$/.exec(header.trim());
  // Compared even without a match, so a malformed header costs the same time as a wrong one.
  const same = timingSafeEqual(digest(m?.[1] ?? ''), digest(token));
  return m !== null && same;
}

/** The URL a person opens: the host's page with the secret, once. */
export function urlWithToken(base: string, token: string): string {
  const u = new URL(base);
  u.searchParams.set(TOKEN_PARAM, token);
  return u.href;
}

/** The JSON body of a refused call: the renderer shows its message as a banner. */
export const TOKEN_REFUSED = {
  ok: false,
  error: {
    kind: 'host-token',
    message: 'this page was not opened from the link the wallet printed; open that link (it carries the key, ?token=...), or start the wallet again with npm start and open the new link',
  },
} as const;
