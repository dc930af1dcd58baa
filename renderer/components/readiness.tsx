// The parts a swap needs, each with its state, shown while any is not ready (first start, restart).
import { allReady, readinessOf } from '../logic/readiness';
import { useApp } from '../store';

const MARK = { ready: 'ready', waiting: 'starting', failed: 'failed' } as const;

export function Readiness() {
  const status = useApp((s) => s.status);
  if (!status) return null;
  const rows = readinessOf(status);
  if (allReady(rows)) return null;
  return (
    <section className="card readiness" aria-labelledby="readiness-title" data-testid="readiness">
      <h2 id="readiness-title">Getting ready</h2>
      <ul>
        {rows.map((r) => (
          <li key={r.id} className={r.state} data-testid={`readiness-${r.id}`} data-state={r.state}>
            <strong>{r.label}</strong> <span className="state">{MARK[r.state]}</span>
            <span className="hint">{r.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
