// After a restart: every unfinished swap, where it stands, the exact next action and how close the
// next safety deadline is, with one click to continue. A running swap must never disappear from
// view, so this is the default screen while one exists.
import { EmptyState } from './empty-state';
import { Readiness } from '../components/readiness';
import { KeptRestoreReport } from '../components/restore-report';
import { useEffect } from 'react';
import { plural } from '../../shared/protocol/swap-view-facts';
import { ScreenHead } from '../components/screen-head';
import { formatWhen, roleText, shortId } from '../logic/format';
import { tradeLine } from '../logic/role-words';
import { isUnfinished, useApp } from '../store';

export function Resume() {
  const all = useApp((s) => s.swaps);
  // Opened, the list is asked for at once: never a summary older than the swap page just shown.
  useEffect(() => void useApp.getState().poll(), []);
  const navigate = useApp((s) => s.navigate);
  const swaps = all.filter(isUnfinished).sort((a, b) => Number(b.needsAction) - Number(a.needsAction) || b.updatedAt - a.updatedAt);
  const now = Date.now();
  return (
    <div className="screen" data-testid="screen-resume">
      <ScreenHead title="Resume" lede={swaps.length ? 'Swaps that are not finished yet. The daemon keeps working on them; some need you.' : undefined} />
      {swaps.length > 0 && <Readiness />}
      <KeptRestoreReport />
      {swaps.length === 0 ? (
        <EmptyState title="No unfinished swaps" testId="resume-empty">
          <p>
            Swaps that are still running appear here after a restart, with where each one stands, the next action, and how many blocks are
            left before a safety deadline.
          </p>
          <button type="button" onClick={() => navigate({ name: 'wizard' })}>
            Start a swap
          </button>
        </EmptyState>
      ) : (
        <ul className="swap-cards" aria-label="Unfinished swaps">
          {swaps.map((s) => (
            <li key={s.swapId} className={`card swap-card${s.needsAction ? ' needs-action' : ''}`} data-testid={`resume-${s.swapId}`}>
              <div className="swap-card-head">
                <h2>
                  Swap <span className="mono">{shortId(s.swapId)}</span>
                </h2>
                <span className="hint">{roleText(s.role)}</span>
                {s.needsAction && <span className="badge needs">Needs you</span>}
                {s.outcome === 'damaged' && <span className="badge damaged">damaged</span>}
              </div>
              <p className="hint">
                {tradeLine(s)} · updated {formatWhen(s.updatedAt, now)}
              </p>
              <p data-testid="resume-stage">{s.stage}</p>
              <p data-testid="resume-next">
                <strong>Next: </strong>
                {s.next}
              </p>
              <p className={s.blocksToDeadline !== null && s.blocksToDeadline <= 6 ? 'deadline-near' : 'hint'} data-testid="resume-deadline">
                {s.blocksToDeadline === null ? 'No safety deadline running yet.' : `${plural(s.blocksToDeadline, 'block')} left before the next safety deadline.`}
              </p>
              <button type="button" aria-label={`Continue swap ${shortId(s.swapId)}`} data-testid={`continue-${s.swapId}`} onClick={() => navigate({ name: 'swap', swapId: s.swapId })}>
                Continue
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
