import { describe, expect, it } from 'vitest';
import { bearerMatches, checkGivenToken, newHostToken, urlWithToken } from './host-token';

describe('host token', () => {
  it('is 32 random bytes as base64url, fresh each time', () => {
    const a = newHostToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newHostToken()).not.toBe(a);
  });

  it('matches only `Bearer <exactly the token>`', () => {
    const t = newHostToken();
    expect(bearerMatches(`Bearer ${t}`, t)).toBe(true);
    expect(bearerMatches(` Bearer ${t} `, t)).toBe(true);
    for (const h of [undefined, '', 'Bearer', `Bearer  ${t}`, `bearer${t}`, `Basic ${t}`, t, `Bearer ${t}x`, `Bearer ${t.slice(1)}`, `Bearer ${newHostToken()}`, `Bearer ${t} ${t}`]) {
      expect(bearerMatches(h, t), String(h)).toBe(false);
    }
    expect(bearerMatches([`Bearer ${t}`], t)).toBe(false);
    expect(bearerMatches('Bearer ', '')).toBe(false);
  });

  it('takes a given token only when it is long base64url', () => {
    const t = newHostToken();
    expect(checkGivenToken(t)).toBe(t);
    expect(() => checkGivenToken('short')).toThrow(/at least 32/);
    expect(() => checkGivenToken(`${t}/+=`)).toThrow(/base64url/);
  });

  it('puts the token in the URL once', () => {
    expect(urlWithToken('http://127.0.0.1:4780/', 'abc_-')).toBe('http://127.0.0.1:4780/?token=abc_-');
  });
});
