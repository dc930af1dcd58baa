import { describe, expect, it } from 'vitest';
import { DIRECTIONS, directionNote, directionOf, makerRoleFor } from './direction';

describe('direction', () => {
  it('offers buying XMR (Bob) first, then selling it (Alice)', () => {
    expect(DIRECTIONS.map((d) => [d.id, d.role, d.label])).toEqual([
      ['buy', 'bob', 'Buy XMR with BTC'],
      ['sell', 'alice', 'Sell XMR for BTC'],
    ]);
    expect(directionOf('alice').hint).toBe('You pay Monero into the swap and receive Bitcoin.');
  });
  it('asks the sandbox for the maker of the other side', () => {
    expect(makerRoleFor('bob')).toBe('alice');
    expect(makerRoleFor('alice')).toBe('bob');
  });
  it('says nothing when the offer agrees with the choice, and names both sides when not', () => {
    expect(directionNote('alice', 'alice')).toBeNull();
    expect(directionNote('bob', 'bob')).toBeNull();
    expect(directionNote('alice', 'bob')).toBe(
      'You chose "Sell XMR for BTC", but this offer\'s maker sells XMR, so with this offer you buy XMR with BTC. The steps below follow the offer; go back to choose another offer.',
    );
  });
});
