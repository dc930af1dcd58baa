// The API secret the Playwright hosts are started with (`--token`, a flag for tests only): the config
// sends it with every request (use.extraHTTPHeaders) so the specs can open `#/route` URLs directly. A
// person's host makes a fresh one each start; fresh-start.spec.ts follows that printed link instead.
export const E2E_HOST_TOKEN = 'e2e-only-host-token-not-a-secret-0123456789';
export const E2E_AUTH_HEADERS: Record<string, string> = { authorization: `Bearer ${E2E_HOST_TOKEN}` };
