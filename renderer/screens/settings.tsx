// Network (a switch is confirmed, then the host checks the nodes before saving), the person's node
// lists with their health, the offer book's relays, the local sandbox switch and desktop notifications; saved by the host,
// validated by the channel table.
import { useState } from 'react';
import { ScreenHead } from '../components/screen-head';
import { notificationsSupported } from '../notify';
import type { Settings } from '../../shared/ipc/channels';
import { NodeSettings, NodesInUse } from '../components/node-settings';
import { RelaySettings } from '../components/relay-settings';
import { BackupSettings } from '../components/backup-settings';
import { useApp } from '../store';

function Notifications() {
  const [permission, setPermission] = useState(notificationsSupported() ? Notification.permission : 'unsupported');
  const ask = async () => setPermission(await Notification.requestPermission());
  const reason =
    permission === 'unsupported'
      ? 'This window cannot show desktop notifications.'
      : permission === 'granted'
        ? 'Desktop notifications are on.'
        : permission === 'denied'
          ? 'Notifications were refused; allow them in the system or browser settings.'
          : null;
  return (
    <section className="card form">
      <h2 id="notif-title">Notifications</h2>
      <p className="hint">
        When a swap needs you or a safety deadline approaches, the app shows a banner. With notifications on, it also tells you on the
        desktop, once per event.
      </p>
      <div className="actions">
        <button
          type="button"
          data-testid="allow-notifications"
          aria-disabled={reason !== null || undefined}
          aria-describedby={reason ? 'notif-why' : undefined}
          onClick={() => {
            if (reason === null) void ask();
          }}
        >
          Allow desktop notifications
        </button>
        {reason && (
          <span id="notif-why" className="why">
            {reason}
          </span>
        )}
      </div>
    </section>
  );
}

const NETWORK_LABEL: Record<string, string> = { regtest: 'Regtest', testnet: 'Testnet', stagenet: 'Stagenet', signet: 'Signet', mainnet: 'Mainnet' };

/** A network switch is asked first: the sandbox turns off, the nodes it will use are shown and checked before saving. */
function NetworkSwitch({ settings, to, onDone }: { settings: Settings; to: Settings['network']; onDone: () => void }) {
  const save = useApp((s) => s.saveSettings);
  const [busy, setBusy] = useState(false);
  const own = to !== 'regtest' || !settings.sandbox;
  const hosts = (urls: string[]) => urls.map((u) => u.replace(/^https?:\/\//, '')).join(', ');
  return (
    <div className="confirm" role="group" aria-labelledby="switch-title" data-testid="network-confirm">
      <h3 id="switch-title">Switch to {NETWORK_LABEL[to] ?? to}?</h3>
      <ul>
        {settings.sandbox && to !== 'regtest' && <li>The sandbox turns off: its test chains and maker exist only on regtest.</li>}
        {own ? (
          <li>
            The wallet will use your nodes: Bitcoin <span className="mono">{hosts(settings.bitcoinNodes.map((n) => n.url))}</span>, Monero{' '}
            <span className="mono">{hosts(settings.moneroNodes.map((n) => n.url))}</span>. Each is checked first: it answers, it is on {NETWORK_LABEL[to] ?? to}&apos;s chains, it is
            synced and recent enough. Nothing is saved if a check fails.
          </li>
        ) : (
          <li>The sandbox&apos;s own nodes are used.</li>
        )}
        <li>Refused while a swap is running: its watches and deadlines depend on the chains it started on.</li>
      </ul>
      <div className="actions">
        <button
          type="button"
          data-testid="confirm-network"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void save({ network: to }).finally(() => {
              setBusy(false);
              onDone();
            });
          }}
        >
          {busy ? 'Checking the nodes…' : own ? 'Check the nodes and switch' : 'Switch'}
        </button>
        <button type="button" disabled={busy} onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function SettingsScreen() {
  const settings = useApp((s) => s.settings);
  const save = useApp((s) => s.saveSettings);
  const info = useApp((s) => s.info);
  const wallet = useApp((s) => s.status?.wallet);
  const error = useApp((s) => s.error);
  const [pending, setPending] = useState<Settings['network'] | null>(null);
  return (
    <div className="screen" data-testid="screen-settings">
      <ScreenHead title="Settings" />
      {!settings ? (
        <p>Loading settings…</p>
      ) : (
        <>
          <section className="card form">
            <h2 id="network-title">Network</h2>
            <label htmlFor="network">Network</label>
            <select id="network" value={pending ?? settings.network} onChange={(e) => setPending(e.target.value === settings.network ? null : (e.target.value as Settings['network']))}>
              <option value="regtest">Regtest (local test chains)</option>
              <option value="testnet">Testnet (Bitcoin testnet, Monero testnet)</option>
              <option value="stagenet">Stagenet (Bitcoin testnet, Monero stagenet)</option>
              <option value="signet">Signet (Bitcoin signet, Monero stagenet)</option>
              <option value="mainnet">Mainnet</option>
            </select>
            {pending && <NetworkSwitch settings={settings} to={pending} onDone={() => setPending(null)} />}
            {error && (
              <p className="form-error" role="alert" data-testid="settings-error">
                {error.message}
              </p>
            )}
            <div className="check">
              <input
                id="sandbox"
                type="checkbox"
                checked={settings.sandbox}
                disabled={settings.network !== 'regtest'}
                aria-describedby={settings.network !== 'regtest' ? 'sandbox-why' : undefined}
                onChange={(e) => void save({ sandbox: e.target.checked })}
              />
              <label htmlFor="sandbox">Use the local sandbox (test nodes and a maker on this computer)</label>
            </div>
            {settings.network !== 'regtest' && (
              <p id="sandbox-why" className="hint">
                The sandbox runs only on regtest.
              </p>
            )}
            <div className="check">
              <input id="start-at-login" type="checkbox" checked={settings.startAtLogin === true} aria-describedby="start-at-login-why" onChange={(e) => void save({ startAtLogin: e.target.checked })} />
              <label htmlFor="start-at-login">Start the wallet when I log in (in the tray, so unfinished swaps keep their deadlines)</label>
            </div>
            <p id="start-at-login-why" className="hint">
              {info?.host === 'browser-host' ? 'Applies to the desktop app; the browser host runs while npm start runs.' : 'Closing the window keeps a running swap going in the tray; quit from there.'}
            </p>
            <NodesInUse />
            <p className="hint">
              Data folder: <span className="mono">{settings.dataDir}</span>
            </p>
            {wallet && (
              <p className="hint">
                Wallet id <span className="mono" data-testid="wallet-id">{wallet.id}</span> (from your seed: the same seed always shows the same id).
                Seed kept in: {wallet.keychain}.
              </p>
            )}
            {info && (
              <p className="hint">
                Version {info.version}, running in {info.host === 'electron' ? 'the desktop app' : 'the browser host'}.
              </p>
            )}
          </section>
          <NodeSettings settings={settings} />
          <RelaySettings settings={settings} />
          <BackupSettings settings={settings} />
        </>
      )}
      <Notifications />
    </div>
  );
}
