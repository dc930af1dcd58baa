// The app shell: skip link, navigation, the status header with warnings, and the routed screen.
import { useEffect, useRef } from 'react';
import { Banners } from './components/banners';
import { SeedBanner } from './components/seed-banner';
import { StatusLine } from './components/status-line';
import { usePoll } from './components/use-poll';
import type { Route } from './routes';
import { History } from './screens/history';
import { MakeOffer } from './screens/make-offer';
import { Offers } from './screens/offers';
import { Protocol } from './screens/protocol';
import { Resume } from './screens/resume';
import { RestoreScreen } from './screens/restore';
import { SeedScreen } from './screens/seed';
import { SettingsScreen } from './screens/settings';
import { SwapDetail } from './screens/swap-detail';
import { Wizard } from './screens/wizard';
import { isUnfinished, useApp } from './store';

const NAV: { route: Route; label: string }[] = [
  { route: { name: 'wizard' }, label: 'New swap' },
  { route: { name: 'offers' }, label: 'Offers' },
  { route: { name: 'make-offer' }, label: 'Make an offer' },
  { route: { name: 'resume' }, label: 'Resume' },
  { route: { name: 'history' }, label: 'History' },
  { route: { name: 'protocol' }, label: 'How it works' },
  { route: { name: 'seed' }, label: 'Seed' },
  { route: { name: 'settings' }, label: 'Settings' },
];

export function App() {
  const route = useApp((s) => s.route);
  const navigate = useApp((s) => s.navigate);
  const syncRoute = useApp((s) => s.syncRoute);
  const refresh = useApp((s) => s.refresh);
  const poll = useApp((s) => s.poll);
  const swaps = useApp((s) => s.swaps);
  const swapsLoaded = useApp((s) => s.swapsLoaded);
  const unfinished = swaps.filter(isUnfinished).length;
  const startedBare = useRef(window.location.hash === '' || window.location.hash === '#' || window.location.hash === '#/');
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    void refresh();
    window.addEventListener('hashchange', syncRoute);
    return () => window.removeEventListener('hashchange', syncRoute);
  }, [refresh, syncRoute]);
  usePoll(poll, 2000, { whenHidden: true });

  // Opened without a route: the resume screen while a swap is unfinished, else straight to a new swap.
  useEffect(() => {
    if (!startedBare.current || !swapsLoaded) return;
    startedBare.current = false;
    if (unfinished === 0 && route.name === 'resume') navigate({ name: 'wizard' });
  }, [swapsLoaded, unfinished, route.name, navigate]);

  // Move focus to the new screen's heading so keyboard and screen-reader users land on it.
  const lastRoute = useRef(route);
  useEffect(() => {
    if (lastRoute.current === route) return;
    lastRoute.current = route;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.querySelector<HTMLElement>('h1')?.focus(); }}>
        Skip to content
      </a>
      <Sidebar route={route} navigate={navigate} unfinished={unfinished} />
      <div className="column">
        <header className="topbar">
          <StatusLine />
          <Banners />
          <SeedBanner />
        </header>
        <main id="main" ref={mainRef}>
          <Screen route={route} />
        </main>
      </div>
    </div>
  );
}

/** Brand, one link per screen (with the count of unfinished swaps on Resume), and which host runs it. */
function Sidebar(props: { route: Route; navigate: (to: Route) => void; unfinished: number }) {
  const { route, navigate, unfinished } = props;
  const info = useApp((s) => s.info);
  return (
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
              {n.route.name === 'resume' && unfinished > 0 && (
                <span className="count" data-testid="unfinished-count">
                  {unfinished}
                  <span className="sr-only"> unfinished</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
      <div className="host-note" data-testid="host-note">
        {info ? (info.host === 'electron' ? 'Desktop app' : 'Browser host (no Electron)') : 'Connecting…'}
      </div>
    </nav>
  );
}

function Screen(props: { route: Route }) {
  const { route } = props;
  return (
    <>
      {route.name === 'wizard' && <Wizard />}
      {route.name === 'offers' && <Offers />}
      {route.name === 'make-offer' && <MakeOffer />}
      {route.name === 'resume' && <Resume />}
      {route.name === 'history' && <History />}
      {route.name === 'settings' && <SettingsScreen />}
      {route.name === 'protocol' && <Protocol />}
      {route.name === 'seed' && <SeedScreen />}
      {route.name === 'restore' && <RestoreScreen />}
      {route.name === 'swap' && <SwapDetail key={route.swapId} swapId={route.swapId} />}
    </>
  );
}
