// After a restart: every unfinished swap, where it stands and the next action. A running swap must
// never disappear from view, so this is the default screen.
import { useApp } from '../store';
import { EmptyState } from './empty-state';

export function Resume() {
  const swaps = useApp((s) => s.swaps).filter((x) => x.outcome === 'running' || x.outcome === 'damaged');
  const navigate = useApp((s) => s.navigate);
  if (swaps.length === 0) {
    return (
      <div className="screen" data-testid="screen-resume">
        <header className="screen-head">
          <h1>Resume</h1>
        </header>
        <EmptyState title="No unfinished swaps" testId="resume-empty">
          <p>
            Swaps that are still running appear here after a restart, with where each one stands, the next action, and how many
            blocks are left before a safety deadline.
          </p>
          <button type="button" onClick={() => navigate({ name: 'wizard' })}>
            Start a swap
          </button>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="screen" data-testid="screen-resume">
      <header className="screen-head">
        <h1>Resume</h1>
      </header>
      <ul className="swap-list">
        {swaps.map((s) => (
          <li key={s.swapId}>
            <button type="button" className="row" onClick={() => navigate({ name: 'swap', swapId: s.swapId })}>
              <span className="mono">{s.swapId.slice(0, 8)}</span>
              <span>{s.role === 'alice' ? 'Selling XMR' : 'Selling BTC'}</span>
              <span>{s.stage}</span>
              <span className={`badge ${s.outcome}`}>{s.outcome}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
