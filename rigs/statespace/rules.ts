// The safety rules the state-space checker proves on every reachable state of a net, as data.
// Guards the money-safety claims of design.md: what must be held and what must already have been
// emitted (watch tasks, checkpoint markers) before a protected output may be emitted.
import type { Role } from '../../shared/protocol/deal';

export interface EmitRule {
  readonly name: string;
  /** The rule applies whenever a transition emitting a label matching this fires. */
  readonly when: RegExp;
  /** Places that must be marked in the marking the transition fires from (data held). */
  readonly holds?: readonly string[];
  /** Places that must be unmarked (a window that must still be open). */
  readonly notHolds?: readonly string[];
  /** Labels that must have been emitted earlier on the same run; `$1` = first group of `when`. */
  readonly emittedBefore?: readonly string[];
}

/** Every broadcast needs its watch first; every sweep needs the address watched. */
export const COMMON_RULES: readonly EmitRule[] = [
  { name: 'watch-before-broadcast', when: /^btc:broadcast:(.+)$/, emittedBefore: ['btc:watch-tx:$1'] },
  { name: 'watch-before-sweep', when: /^xmr:sweep:(.+)$/, emittedBefore: ['xmr:watch-address:$1'] },
];

export const ROLE_RULES: Readonly<Record<Role, readonly EmitRule[]>> = {
  bob: [
    {
      name: 'bob-lock-needs-cancel-refund-sigs-and-checkpoints',
      when: /^btc:broadcast:lock$/,
      holds: ['lock_bundle', 'refund_sigs'],
      emittedBefore: ['checkpoint:pre-lock', 'checkpoint:post-refund-sigs'],
    },
    { name: 'bob-funding-after-reveal-checkpoint', when: /^client:fund$/, emittedBefore: ['checkpoint:after-reveal'] },
    { name: 'bob-buysig-after-xmr-final', when: /^peer:buy-procedure-signature$/, holds: ['xmr_final'], notHolds: ['xmr_bad'] },
    { name: 'bob-setup-after-pre-lock-checkpoint', when: /^peer:core-arbitrating-setup$/, emittedBefore: ['checkpoint:pre-lock'] },
  ],
  alice: [
    {
      name: 'alice-xmr-lock-after-btc-lock-final-and-checkpoint',
      when: /^client:lock-xmr$/,
      holds: ['lock_final', 'refund_sigs_sent'],
      notHolds: ['lock_funding_closed', 'aborting'],
      emittedBefore: ['checkpoint:pre-lock'],
    },
    { name: 'alice-refund-sigs-after-pre-lock-checkpoint', when: /^peer:refund-procedure-signatures$/, emittedBefore: ['checkpoint:pre-lock'] },
    {
      name: 'alice-buy-inside-safe-window-after-checkpoint',
      when: /^btc:broadcast:buy$/,
      holds: ['xmr_seen'],
      notHolds: ['lock_buy_closed', 'xmr_bad'],
      emittedBefore: ['checkpoint:post-buy-sig'],
    },
    { name: 'alice-commit-reveal-before-setup', when: /^client:sign-refund-procedure$/, emittedBefore: ['checkpoint:after-reveal'] },
  ],
};
