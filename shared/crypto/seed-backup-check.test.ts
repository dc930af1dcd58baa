// The written-down check: right picks pass, a wrong one is named by position (never the right word),
// too few or repeated positions are refused, and the positions drawn are distinct and in range.
import { describe, expect, it } from 'vitest';
import { checkSeedPicks, pickPositions } from './seed-backup-check';

const WORDS = 'legal winner thank year wave sausage worth useful legal winner thank yellow legal winner thank year wave sausage worth useful legal winner thank title'.split(' ');

describe('checkSeedPicks', () => {
  it('accepts the words at their positions, forgiving case and spaces', () => {
    expect(checkSeedPicks(WORDS, [{ position: 1, word: 'legal' }, { position: 12, word: ' YELLOW ' }, { position: 24, word: 'Title' }]).ok).toBe(true);
  });

  it('names the wrong positions and not the right words', () => {
    const r = checkSeedPicks(WORDS, [{ position: 1, word: 'legal' }, { position: 5, word: 'wove' }, { position: 24, word: 'yellow' }]);
    expect(r.ok ? 'ok' : [r.error.kind, r.error.message.startsWith('Words 5, 24 are')]).toEqual(['seed-check-mismatch', true]);
    if (!r.ok) for (const w of ['wave', 'title']) expect(r.error.message).not.toContain(w);
  });

  it.each([
    [[{ position: 1, word: 'legal' }, { position: 2, word: 'winner' }]],
    [[{ position: 1, word: 'legal' }, { position: 1, word: 'legal' }, { position: 2, word: 'winner' }]],
    [[{ position: 0, word: 'legal' }, { position: 2, word: 'winner' }, { position: 3, word: 'thank' }]],
    [[{ position: 25, word: 'legal' }, { position: 2, word: 'winner' }, { position: 3, word: 'thank' }]],
  ])('refuses too few, repeated or out-of-range positions %#', (picks) => {
    const r = checkSeedPicks(WORDS, picks);
    expect(r.ok ? 'ok' : r.error.kind).toBe('seed-check-too-few');
  });

  it('draws distinct positions in 1..24, sorted', () => {
    let x = 0.99;
    const p = pickPositions(() => (x = (x * 7.3) % 1));
    expect(p.length).toBe(3);
    expect(new Set(p).size).toBe(3);
    expect(p.every((n) => n >= 1 && n <= 24)).toBe(true);
    expect([...p].sort((a, b) => a - b)).toEqual(p);
    expect(pickPositions(() => 0.999999, 24)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });
});
