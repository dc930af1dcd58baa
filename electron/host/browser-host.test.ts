import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from './api-handlers';
import { type BrowserHost, startBrowserHost } from './browser-host';
import { newHostToken } from './host-token';
import { walletUnavailable } from './wallet-unavailable';
import { SettingsFile } from './settings-file';

let dir: string;
let host: BrowserHost;
const token = newHostToken();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fcswap-host-'));
  const rendererDir = path.join(dir, 'renderer');
  await (await import('node:fs/promises')).mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the web');
  const settings = await SettingsFile.open(path.join(dir, 'data'));
  host = await startBrowserHost({
    rendererDir,
    handlers: createHandlers({
      info: { version: '0.0.0-test', host: 'browser-host', dataDir: path.join(dir, 'data') },
      settings,
      wallet: walletUnavailable('no daemon in this test'),
    }),
    token,
  });
});
afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const invoke = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(new URL('/api/invoke', host.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: host.url.slice(0, -1), authorization: `Bearer ${token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('browser host', () => {
  it('binds to loopback and serves the renderer with the strict CSP', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(await res.text()).toContain('<title>t</title>');
  });

  it('answers a typed channel through the same dispatch as the preload', async () => {
    const res = await (await invoke({ channel: 'app:info', request: {} })).json();
    expect(res).toEqual({ ok: true, value: { version: '0.0.0-test', host: 'browser-host', dataDir: path.join(dir, 'data') } });
    const set = await (await invoke({ channel: 'settings:set', request: { network: 'testnet' } })).json();
    expect(set.ok).toBe(true);
    expect(set.value.network).toBe('testnet');
  });

  it('rejects unknown channels, bad requests and non-JSON with a typed error', async () => {
    expect(await (await invoke({ channel: 'fs:read', request: {} })).json()).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await (await invoke({ channel: 'settings:set', request: { network: 'moon' } })).json()).toMatchObject({
      ok: false,
      error: { kind: 'ipc-invalid' },
    });
    expect(await (await invoke({ channel: 'settings:set', request: { dataDir: '/etc', extra: 1 } })).json()).toMatchObject({ ok: false });
    expect(await (await invoke('{not json')).json()).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
  });

  it('refuses cross-origin calls and path traversal', async () => {
    expect((await invoke({ channel: 'app:info', request: {} }, { origin: 'http://evil.example' })).status).toBe(403);
    const res = await fetch(new URL('/..%2fsecret.txt', host.url));
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('not for the web');
  });

  it('prints a link carrying the secret once, and serves the page itself without it', async () => {
    expect(host.openUrl).toBe(`${host.url}?token=${token}`);
    expect((await fetch(host.url)).status).toBe(200);
  });

  it('refuses an API call with the right Host and Origin but without this start\'s secret, and changes nothing', async () => {
    const settingsFile = path.join(dir, 'data', 'settings.json');
    expect((await (await invoke({ channel: 'settings:set', request: { network: 'testnet' } })).json()).ok).toBe(true);
    const before = await readFile(settingsFile, 'utf8');
    const change = { channel: 'settings:set', request: { network: 'regtest' } };
    const sameLength = newHostToken();
    const refused: Array<[string, Record<string, string>, string?]> = [
      ['no Authorization header', { authorization: '' }],
      ['a wrong secret of the same length', { authorization: `Bearer ${sameLength}` }],
      ['a prefix of the secret', { authorization: `Bearer ${token.slice(0, -1)}` }],
      ['the secret with more after it', { authorization: `Bearer ${token}x` }],
      ['another scheme', { authorization: `Basic ${token}` }],
      ['the secret in the query string instead of the header', { authorization: '' }, `/api/invoke?token=${token}`],
    ];
    for (const [why, headers, at] of refused) {
      const res = await fetch(new URL(at ?? '/api/invoke', host.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: host.url.slice(0, -1), ...headers },
        body: JSON.stringify(change),
      });
      expect(res.status, why).toBe(401);
      expect(await res.json(), why).toMatchObject({ ok: false, error: { kind: 'host-token', message: expect.stringMatching(/open that link/) } });
    }
    expect(await readFile(settingsFile, 'utf8')).toBe(before);
    expect((await (await invoke({ channel: 'settings:get', request: {} })).json()).value.network).toBe('testnet');
  });

  it('will not start without a secret', async () => {
    await expect(startBrowserHost({ rendererDir: dir, handlers: {} as never, token: '' })).rejects.toThrow(/token/);
  });
});
