import { describe, expect, it } from 'vitest';
import { formatSats } from './sats-text';

describe('formatSats', () => {
  it('is exact and grouped, with the unit', () => {
    expect(formatSats('1234567')).toBe('1,234,567 sats');
    expect(formatSats(1n)).toBe('1 sat');
    expect(formatSats('0')).toBe('0 sats');
  });
});
