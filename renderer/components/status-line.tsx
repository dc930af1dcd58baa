// One line of health: the daemon, each chain's tip, the sandbox. Details are in the banners.
import { useApp } from '../store';

const DAEMON_TEXT = { starting: 'starting', recovering: 'recovering', ready: 'ready', unavailable: 'unavailable' } as const;

export function StatusLine() {
  const status = useApp((s) => s.status);
  if (!status) return <p className="status-line">Asking the wallet host…</p>;
  const tone = (ok: boolean, bad: boolean) => (bad ? 'bad' : ok ? 'ok' : 'warn');
  return (
    <ul className="status-line" aria-label="Status" data-testid="status-line">
      <li className={tone(status.daemon.state === 'ready', status.daemon.state === 'unavailable')}>Daemon {DAEMON_TEXT[status.daemon.state]}</li>
      {status.chains.map((c) => (
        <li key={c.chain} className={tone(c.status === 'ok', c.status === 'unreachable')}>
          {c.chain === 'btc' ? 'Bitcoin' : 'Monero'} {c.height === null ? c.status : `block ${c.height}`}
          {c.height !== null && c.status !== 'ok' && ` (${c.status})`}
        </li>
      ))}
      {status.sandbox.state !== 'off' && <li className={tone(status.sandbox.state === 'ready', status.sandbox.state === 'failed')}>Sandbox {status.sandbox.state}</li>}
      {/* The network of the chains in use, from the wallet itself: never a saved setting not yet applied. */}
      {status.network && <li className="plain">{status.network}</li>}
    </ul>
  );
}
