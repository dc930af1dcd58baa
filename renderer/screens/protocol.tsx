// "How a swap works": both roles' Petri nets as the daemon runs them, at their starting marking.
// The same picture, with the live marking, is what a swap's detail page shows.
import { isEnabled, initialMarking } from '../../shared/petri/engine';
import { LIVE } from '../../shared/petri/net-builder';
import type { NetSpec } from '../../shared/petri/net';
import { ALICE_NET } from '../../shared/protocol/net-alice';
import { BOB_NET } from '../../shared/protocol/net-bob';
import { ScreenHead } from '../components/screen-head';
import { NetPicture } from '../net-picture/net-picture';

const HIDE = [LIVE];
const enabledAt = (net: NetSpec, m: Record<string, unknown>) => net.transitions.filter((t) => isEnabled(t, m)).map((t) => t.id);

function RoleNet(props: { net: NetSpec; title: string }) {
  const m = initialMarking(props.net);
  return <NetPicture net={props.net} marking={m} enabled={enabledAt(props.net, m)} hide={HIDE} title={props.title} />;
}

export function Protocol() {
  return (
    <div className="screen" data-testid="screen-protocol">
      <ScreenHead
        title="How a swap works"
        lede="Each side runs a state machine drawn here as a Petri net. Bob locks Bitcoin only after he holds the signatures that let him take it back; Alice locks Monero only after Bob's lock is final on chain. If anyone stops, timelocks return the coins."
      />
      <RoleNet net={BOB_NET} title="Bob: sells Bitcoin, buys Monero" />
      <RoleNet net={ALICE_NET} title="Alice: sells Monero, buys Bitcoin" />
    </div>
  );
}
