// The app shell: navigation, the error banner, and the routed screen.
import { useEffect } from 'react';
import { History } from './screens/history';
import { Protocol } from './screens/protocol';
import { Resume } from './screens/resume';
import { SettingsScreen } from './screens/settings';
import { SwapDetail } from './screens/swap-detail';
import { Wizard } from './screens/wizard';
import { useApp } from './store';
import type { Route } from './routes';

const NAV: { route: Route; label: string }[] = [
  { route: { name: 'wizard' }, label: 'New swap' },
  { route: { name: 'resume' }, label: 'Resume' },
  { route: { name: 'history' }, label: 'History' },
  { route: { name: 'protocol' }, label: 'How it works' },
  { route: { name: 'settings' }, label: 'Settings' },
];

export function App() {
  const { route, navigate, syncRoute, refresh, error, info } = useApp();
  useEffect(() => {
    void refresh();
    window.addEventListener('hashchange', syncRoute);
    return () => window.removeEventListener('hashchange', syncRoute);
  }, [refresh, syncRoute]);

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="logo" aria-hidden="true">⇄</span>
          <span>Swap Wallet</span>
        </div>
        <ul>
          {NAV.map((n) => (
            <li key={n.label}>
              <a
                href={`#/${n.route.name}`}
                aria-current={route.name === n.route.name ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(n.route);
                }}
              >
                {n.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="host-note" data-testid="host-note">
          {info ? (info.host === 'electron' ? 'Desktop app' : 'Browser host (no Electron)') : 'Connecting…'}
        </div>
      </nav>
      <main>
        {error && (
          <div className="banner error" role="alert">
            <strong>{error.kind}</strong>: {error.message}
          </div>
        )}
        {route.name === 'wizard' && <Wizard />}
        {route.name === 'resume' && <Resume />}
        {route.name === 'history' && <History />}
        {route.name === 'settings' && <SettingsScreen />}
        {route.name === 'protocol' && <Protocol />}
        {route.name === 'swap' && <SwapDetail swapId={route.swapId} />}
      </main>
    </div>
  );
}
