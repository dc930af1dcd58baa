// The fixed-length hex pattern answers exactly as the counted regex it stands for, and the schemas
// built on it still reject with the same message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DleqProofSchema, FixedHexPattern, Hash32Schema } from './crypto-values';

describe('FixedHexPattern', () => {
  it('answers as ^[0-9a-f]{n}$ does', () => {
    // strings over hex digits and a few intruders, of about the right length
    const chars = fc.constantFrom(...'0123456789abcdef0123456789abcdefAF \ng'.split(''));
    const sample = fc.integer({ min: 0, max: 70 }).chain((n) => fc.tuple(fc.constant(n), fc.array(chars, { minLength: Math.max(0, n - 1), maxLength: n + 1 })));
    fc.assert(
      fc.property(sample, ([n, cs]) => {
        const s = cs.join('');
        expect(new FixedHexPattern(n).test(s)).toBe(new RegExp(`^[0-9a-f]{${n}}$`).test(s));
      }),
      { numRuns: 3000 },
    );
    const big = 'ab'.repeat(64_898);
    for (const s of [big, `${big}a`, big.slice(1), `${big.slice(2)}AB`, `${big.slice(1)}\n`]) {
      expect(new FixedHexPattern(129_796).test(s)).toBe(/^[0-9a-f]{129796}$/.test(s));
    }
    expect(String(new FixedHexPattern(64))).toBe('/^[0-9a-f]{64}$/');
  });

  it('keeps the schemas and their messages', () => {
    expect(Hash32Schema.safeParse('00'.repeat(32)).success).toBe(true);
    const bad = Hash32Schema.safeParse('00'.repeat(31));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('hash: 32 bytes as lowercase hex');
    expect(DleqProofSchema.safeParse('ab'.repeat(64_898)).success).toBe(true);
    expect(DleqProofSchema.safeParse('AB'.repeat(64_898)).success).toBe(false);
  });
});
