import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from './routes';

describe('routes', () => {
  it('round-trips every route', () => {
    for (const r of [{ name: 'wizard' }, { name: 'offers' }, { name: 'make-offer' }, { name: 'resume' }, { name: 'history' }, { name: 'settings' }, { name: 'protocol' }, { name: 'seed' }, { name: 'restore' }, { name: 'swap', swapId: 'ab'.repeat(16) }] as const) {
      expect(parseRoute(routeHash(r))).toEqual(r);
    }
  });
  it('sends anything unknown or malformed to the resume screen', () => {
    expect(parseRoute('')).toEqual({ name: 'resume' });
    expect(parseRoute('#/nope')).toEqual({ name: 'resume' });
    expect(parseRoute('#/swap/../../etc')).toEqual({ name: 'resume' });
  });
});
