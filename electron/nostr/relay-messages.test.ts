// What the local relay lets through to @nostr-relay/core: NIP-01 EVENT, REQ and CLOSE, bounded;
// anything else is refused with a reason.
import { describe, expect, it } from 'vitest';
import { parseRelayMessage } from './relay-messages';

const event = { id: 'a'.repeat(64), pubkey: 'b'.repeat(64), created_at: 1, kind: 38383, tags: [['d', 'x']], content: '', sig: 'c'.repeat(128) };

describe('relay messages', () => {
  it('accepts EVENT, REQ with tag filters, CLOSE', () => {
    expect(parseRelayMessage(JSON.stringify(['EVENT', event])).ok).toBe(true);
    expect(parseRelayMessage(JSON.stringify(['REQ', 's1', { kinds: [38383], '#y': ['farcaster-swap'], limit: 10 }, { kinds: [5] }])).ok).toBe(true);
    expect(parseRelayMessage(JSON.stringify(['CLOSE', 's1'])).ok).toBe(true);
  });

  it('refuses junk, unknown verbs, bad events, unknown filter fields, too many filters', () => {
    for (const m of ['nope', '{}', '[]', JSON.stringify(['AUTH', event]), JSON.stringify(['EVENT', { ...event, id: 'x' }]), JSON.stringify(['EVENT', { ...event, extra: 1 }]),
      JSON.stringify(['REQ', 's', { kinds: [1], search: 'x' }]), JSON.stringify(['REQ', 's', ...Array.from({ length: 11 }, () => ({}))]), JSON.stringify(['REQ', 'x'.repeat(65), {}])]) {
      expect(parseRelayMessage(m).ok, m.slice(0, 60)).toBe(false);
    }
  });
});
