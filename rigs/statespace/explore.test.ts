// The state-space checker on the real nets (every rule holds) and on hand-broken copies (each rule
// is caught). Guards the checker itself: a rule that can never fail would prove nothing.
import { describe, expect, it } from 'vitest';
import { ALICE_NET } from '../../shared/protocol/net-alice';
import { BOB_NET } from '../../shared/protocol/net-bob';
import { checkNetSpec, type NetSpec, type TransitionSpec } from '../../shared/petri/net';
import { explore } from './explore';
import { COMMON_RULES, ROLE_RULES } from './rules';

const rulesOf = (role: 'alice' | 'bob') => [...COMMON_RULES, ...ROLE_RULES[role]];
const check = (role: 'alice' | 'bob', net: NetSpec) => explore(net, rulesOf(role)).report;

/** A copy of `net` with one transition changed. */
function broken(net: NetSpec, id: string, change: (t: TransitionSpec) => TransitionSpec): NetSpec {
  expect(net.transitions.some((t) => t.id === id)).toBe(true);
  return { ...net, transitions: net.transitions.map((t) => (t.id === id ? change(t) : t)) };
}
const drop = (xs: readonly string[] | undefined, x: string) => (xs ?? []).filter((y) => y !== x);
const rulesBroken = (r: ReturnType<typeof check>) => [...new Set(r.violationList.map((v) => v.rule))];

describe('the real nets', () => {
  for (const [role, net] of [['alice', ALICE_NET], ['bob', BOB_NET]] as const) {
    it(`${role}: structurally valid, no deadlock, no violation, all four outcomes reachable`, () => {
      expect(checkNetSpec(net)).toEqual([]);
      const r = check(role, net);
      expect(r.violationList).toEqual([]);
      expect(r.deadlocks).toBe(0);
      expect(Object.keys(r.terminal).sort()).toEqual(['aborted', 'punished', 'refunded', 'swapped']);
      expect(r.reachable).toBeGreaterThan(50);
    });
  }
});

describe('each rule fails on a hand-broken net', () => {
  it('bob: lock without the post-refund-sigs checkpoint', () => {
    const net = broken(BOB_NET, 'publish_lock', (t) => ({ ...t, read: drop(t.read, 'cp_postsigs') }));
    expect(rulesBroken(check('bob', net))).toContain('bob-lock-needs-cancel-refund-sigs-and-checkpoints');
  });
  it('bob: lock before holding the refund signatures (lock signed from the setup alone)', () => {
    const net = broken(BOB_NET, 'publish_lock', (t) => ({ ...t, read: ['cp_prelock', 'setup_bundle'] }));
    expect(rulesBroken(check('bob', net))).toContain('bob-lock-needs-cancel-refund-sigs-and-checkpoints');
  });
  it('bob: funding address shown before the after-reveal checkpoint (pitfall 11.2 #1)', () => {
    const net = broken(BOB_NET, 'show_funding', (t) => ({ ...t, read: ['peer_revealed', 'prelock', 'live'] }));
    expect(rulesBroken(check('bob', net))).toContain('bob-funding-after-reveal-checkpoint');
  });
  it('bob: buy signature sent before the XMR lock is final', () => {
    const net = broken(BOB_NET, 'send_buysig', (t) => ({ ...t, read: ['xmr_seen', 'L', 'live'] }));
    expect(rulesBroken(check('bob', net))).toContain('bob-buysig-after-xmr-final');
  });
  it('alice: XMR address shown before BTC lock is final', () => {
    const net = broken(ALICE_NET, 'show_xmr', (t) => ({ ...t, read: drop(t.read, 'lock_final') }));
    expect(rulesBroken(check('alice', net))).toContain('alice-xmr-lock-after-btc-lock-final-and-checkpoint');
  });
  it('alice: XMR address shown after the funding window closed (stop_funding_before_cancel)', () => {
    const net = broken(ALICE_NET, 'show_xmr', (t) => ({ ...t, inhibit: drop(t.inhibit, 'lock_funding_closed') }));
    expect(rulesBroken(check('alice', net))).toContain('alice-xmr-lock-after-btc-lock-final-and-checkpoint');
  });
  it('alice: refund signatures sent before the pre-lock checkpoint', () => {
    const net = broken(ALICE_NET, 'send_refund_sigs', (t) => ({ ...t, read: ['refund_bundle', 'live'] }));
    expect(rulesBroken(check('alice', net))).toContain('alice-refund-sigs-after-pre-lock-checkpoint');
  });
  it('alice: buy outside the safe window (pitfall 11.2 #12)', () => {
    const net = broken(ALICE_NET, 'publish_buy', (t) => ({ ...t, inhibit: drop(t.inhibit, 'lock_buy_closed') }));
    expect(rulesBroken(check('alice', net))).toContain('alice-buy-inside-safe-window-after-checkpoint');
  });
  it('alice: signing requested before the after-reveal checkpoint', () => {
    const net = broken(ALICE_NET, 'request_refund_sigs', (t) => ({ ...t, read: drop(t.read, 'revealed') }));
    expect(rulesBroken(check('alice', net))).toContain('alice-commit-reveal-before-setup');
  });
  it('watch before broadcast: cancel watch removed from the pre-lock checkpoint', () => {
    const net = broken(BOB_NET, 'checkpoint_prelock', (t) => ({ ...t, emits: drop(t.emits, 'btc:watch-tx:cancel') }));
    expect(rulesBroken(check('bob', net))).toContain('watch-before-broadcast');
  });
  it('watch before sweep: XMR address watch removed', () => {
    const net = broken(ALICE_NET, 'show_xmr', (t) => ({ ...t, emits: drop(t.emits, 'xmr:watch-address:lock') }));
    expect(rulesBroken(check('alice', net))).toContain('watch-before-sweep');
  });
  it('nothing sent after an outcome: a terminal guard removed', () => {
    const net = broken(BOB_NET, 'publish_cancel', (t) => ({ ...t, inhibit: drop(t.inhibit, 'end_success') }));
    // Bob's buy consumes L, so make the broken action reachable after success by reading nothing spent.
    const net2 = broken(net, 'publish_cancel', (t) => ({ ...t, read: ['lock_pub', 'live'] }));
    expect(rulesBroken(check('bob', net2))).toContain('silent-after-outcome');
  });
  it('no deadlock: the sweep result transition removed', () => {
    const net = { ...BOB_NET, transitions: BOB_NET.transitions.filter((t) => t.id !== 'see_sweep_ok') };
    const r = check('bob', net);
    expect(r.deadlocks).toBeGreaterThan(0);
    expect(rulesBroken(r)).toContain('no-deadlock');
  });
  it('one outcome per run: refund and punish no longer share the cancel output', () => {
    const shared = broken(ALICE_NET, 'see_punish', (t) => ({ ...t, consume: [], read: ['C'] }));
    // The terminal guard alone still stops it; with both defences gone two outcomes coexist.
    expect(check('alice', shared).violationList).toEqual([]);
    const net = broken(shared, 'see_refund_unlocked', (t) => ({ ...t, inhibit: ['xmr_addr_shown'] }));
    expect(rulesBroken(check('alice', net))).toContain('one-outcome');
  });
  it('safe net: a second token on a place', () => {
    const net = broken(ALICE_NET, 'send_commit', (t) => ({ ...t, inhibit: drop(t.inhibit, 'commit_sent') }));
    expect(rulesBroken(check('alice', net))).toContain('safe');
  });
  it('gated until synced: an action that does not read live', () => {
    const net = broken(BOB_NET, 'publish_refund', (t) => ({ ...t, read: ['C'] }));
    expect(rulesBroken(check('bob', net))).toContain('gated-until-synced');
  });
  it('deterministic inputs: two transitions on one trigger', () => {
    const net = broken(ALICE_NET, 'see_refund_unlocked', (t) => ({ ...t, inhibit: drop(t.inhibit, 'xmr_addr_shown') }));
    expect(rulesBroken(check('alice', net))).toContain('deterministic-input');
  });
});

describe('resends are checked like actions', () => {
  it('alice: re-showing the XMR address after the funding window closed is caught', () => {
    const net: NetSpec = {
      ...ALICE_NET,
      resends: (ALICE_NET.resends ?? []).map((r) => (r.id === 'resend:show_xmr' ? { ...r, inhibit: drop(r.inhibit, 'lock_funding_closed') } : r)),
    };
    expect(rulesBroken(check('alice', net))).toContain('alice-xmr-lock-after-btc-lock-final-and-checkpoint');
  });
  it('a resend that changes the marking is rejected by the table check', () => {
    const net: NetSpec = { ...BOB_NET, resends: [{ id: 'resend:show_funding', kind: 'action', title: 'x', produce: ['funded'], emits: ['client:fund'] }] };
    expect(checkNetSpec(net).map((e) => e.message).join()).toMatch(/must not change the marking/);
  });
});
