import { describe, expect, it } from 'vitest';
import { confsText } from './swap-story';
import { stageAfterOutcome } from '../logic/format';

describe('confsText (the Transactions table)', () => {
  it('names a prepared alternative as kept, not as missing', () => {
    for (const name of ['cancel', 'refund', 'punish']) expect(confsText({ name, confs: null })).toBe('prepared; sent only if needed');
    expect(confsText({ name: 'lock', confs: null })).toBe('not yet seen');
    expect(confsText({ name: 'xmr-sweep', confs: null })).toBe('sent');
  });
  it('says 20+ where an address watch stopped counting at its bound, exact counts elsewhere', () => {
    expect(confsText({ name: 'funding', confs: 20 })).toBe('20+ confirmations');
    expect(confsText({ name: 'xmr-lock', confs: 20 })).toBe('20+ confirmations');
    expect(confsText({ name: 'xmr-lock', confs: 19 })).toBe('19 confirmations');
    expect(confsText({ name: 'lock', confs: 27 })).toBe('27 confirmations');
    expect(confsText({ name: 'buy', confs: 1 })).toBe('1 confirmation');
    expect(confsText({ name: 'buy', confs: 0 })).toBe('in the mempool');
  });
});

describe('stageAfterOutcome (the outcome card)', () => {
  it('does not repeat the outcome heading in the stage under it', () => {
    expect(stageAfterOutcome({ outcome: 'swapped', stage: 'Swapped: the XMR is in your wallet' })).toBe('The XMR is in your wallet.');
    expect(stageAfterOutcome({ outcome: 'refunded', stage: 'The BTC came back' })).toBe('The BTC came back');
  });
});
