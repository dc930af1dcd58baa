// Which way the person swaps: buying XMR with BTC (they are Bob, the BTC seller) or selling XMR for
// BTC (Alice). The wizard asks it first, but an offer fixes it in the end: the maker signed one role,
// so the taker has the other. When a pasted offer turns the choice around, the person is told.
export type Role = 'alice' | 'bob';

export interface Direction {
  readonly role: Role;
  /** Stable test id suffix and radio value. */
  readonly id: 'buy' | 'sell';
  readonly label: string;
  /** The label inside a sentence. */
  readonly phrase: string;
  readonly hint: string;
}

export const DIRECTIONS: readonly Direction[] = [
  { role: 'bob', id: 'buy', label: 'Buy XMR with BTC', phrase: 'buy XMR with BTC', hint: 'You pay Bitcoin into the swap and receive Monero.' },
  { role: 'alice', id: 'sell', label: 'Sell XMR for BTC', phrase: 'sell XMR for BTC', hint: 'You pay Monero into the swap and receive Bitcoin.' },
];

export const directionOf = (role: Role): Direction => (role === 'bob' ? DIRECTIONS[0]! : DIRECTIONS[1]!);

/** The counterparty takes the other side: buying XMR needs a maker that sells it. */
export const makerRoleFor = (yourRole: Role): Role => (yourRole === 'bob' ? 'alice' : 'bob');

/** Said on the review when the offer's side differs from the person's choice; null when they agree. */
export function directionNote(chosen: Role, offered: Role): string | null {
  if (chosen === offered) return null;
  const maker = offered === 'alice' ? 'buys XMR' : 'sells XMR';
  return `You chose "${directionOf(chosen).label}", but this offer's maker ${maker}, so with this offer you ${directionOf(offered).phrase}. The steps below follow the offer; go back to choose another offer.`;
}
