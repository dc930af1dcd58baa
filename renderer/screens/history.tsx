// Finished swaps (swapped, refunded, punished, aborted): readable without any node running.
import { useApp } from '../store';
import { EmptyState } from './empty-state';

export function History() {
  const done = useApp((s) => s.swaps).filter((x) => x.outcome !== 'running');
  return (
    <div className="screen" data-testid="screen-history">
      <header className="screen-head">
        <h1>History</h1>
      </header>
      {done.length === 0 ? (
        <EmptyState title="No finished swaps yet">
          <p>Every finished swap is listed here with its outcome, amounts and transaction ids, even when no node is running.</p>
        </EmptyState>
      ) : (
        <ul className="swap-list">
          {done.map((s) => (
            <li key={s.swapId} className="row">
              <span className="mono">{s.swapId.slice(0, 8)}</span>
              <span>{s.role}</span>
              <span className={`badge ${s.outcome}`}>{s.outcome}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
