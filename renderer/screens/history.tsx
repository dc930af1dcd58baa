// Finished swaps (swapped, refunded, punished, aborted): from the transcript index, so readable with
// no daemon and no node running.
import { useEffect } from 'react';
import { ScreenHead } from '../components/screen-head';
import { formatWhen, roleText, shortId } from '../logic/format';
import { tradeLine } from '../logic/role-words';
import { isUnfinished, useApp } from '../store';
import { EmptyState } from './empty-state';

export function History() {
  const all = useApp((s) => s.swaps);
  // Opened, the list is asked for at once: never a summary older than the swap page just shown.
  useEffect(() => void useApp.getState().poll(), []);
  const navigate = useApp((s) => s.navigate);
  const done = all.filter((x) => !isUnfinished(x)).sort((a, b) => b.updatedAt - a.updatedAt);
  const now = Date.now();
  return (
    <div className="screen" data-testid="screen-history">
      <ScreenHead title="History" />
      {done.length === 0 ? (
        <EmptyState title="No finished swaps yet" testId="history-empty">
          <p>Every finished swap is listed here with its outcome, amounts and transaction ids, even when no node is running.</p>
        </EmptyState>
      ) : (
        <table className="history">
          <caption className="sr-only">Finished swaps, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Swap</th>
              <th scope="col">Side</th>
              <th scope="col">Amounts</th>
              <th scope="col">Outcome</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {done.map((s) => (
              <tr key={s.swapId} data-testid={`history-${s.swapId}`}>
                <td>
                  <a
                    href={`#/swap/${s.swapId}`}
                    className="mono"
                    aria-label={`Swap ${shortId(s.swapId)} details`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate({ name: 'swap', swapId: s.swapId });
                    }}
                  >
                    {shortId(s.swapId)}
                  </a>
                </td>
                <td>{roleText(s.role)}</td>
                <td>{tradeLine(s)}</td>
                <td>
                  <span className={`badge ${s.outcome}`}>{s.outcome}</span>
                </td>
                <td>{formatWhen(s.updatedAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
