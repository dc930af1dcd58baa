import { describe, expect, it } from 'vitest';
import { PAGE_TOKEN_KEY, takePageToken } from './page-token';

function places(href: string, kept: string | null = null) {
  const store = new Map<string, string>(kept ? [[PAGE_TOKEN_KEY, kept]] : []);
  const shown: string[] = [];
  return {
    shown,
    store,
    p: { href, storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }, replaceUrl: (u: string) => void shown.push(u) },
  };
}

describe('takePageToken', () => {
  it('takes the token from the printed link, keeps it and clears it from the address bar', () => {
    const t = places('http://127.0.0.1:4780/?token=abc_-9#/wizard');
    expect(takePageToken(t.p)).toBe('abc_-9');
    expect(t.store.get(PAGE_TOKEN_KEY)).toBe('abc_-9');
    expect(t.shown).toEqual(['/#/wizard']);
  });

  it('keeps other parameters and the route', () => {
    const t = places('http://127.0.0.1:4780/?a=1&token=xyz&b=2#/swap/12');
    expect(takePageToken(t.p)).toBe('xyz');
    expect(t.shown).toEqual(['/?a=1&b=2#/swap/12']);
  });

  it('a reload (no token in the URL) uses the kept one and leaves the address alone', () => {
    const t = places('http://127.0.0.1:4780/#/history', 'kept');
    expect(takePageToken(t.p)).toBe('kept');
    expect(t.shown).toEqual([]);
  });

  it('a new link replaces the kept token', () => {
    const t = places('http://127.0.0.1:4780/?token=new', 'old');
    expect(takePageToken(t.p)).toBe('new');
  });

  it('a page opened without the link has none', () => {
    expect(takePageToken(places('http://127.0.0.1:4780/').p)).toBeNull();
    const empty = places('http://127.0.0.1:4780/?token=');
    expect(takePageToken(empty.p)).toBeNull();
    expect(empty.shown).toEqual(['/']);
  });
});
