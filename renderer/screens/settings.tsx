// Network, node endpoints, the local sandbox switch and desktop notifications; saved by the host,
// validated by the channel table.
import { useState } from 'react';
import { ScreenHead } from '../components/screen-head';
import { notificationsSupported } from '../notify';
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

export function SettingsScreen() {
  const settings = useApp((s) => s.settings);
  const save = useApp((s) => s.saveSettings);
  const info = useApp((s) => s.info);
  const wallet = useApp((s) => s.status?.wallet);
  return (
    <div className="screen" data-testid="screen-settings">
      <ScreenHead title="Settings" />
      {!settings ? (
        <p>Loading settings…</p>
      ) : (
        <section className="card form">
          <h2 id="network-title">Network and nodes</h2>
          <label htmlFor="network">Network</label>
          <select id="network" value={settings.network} onChange={(e) => void save({ network: e.target.value as typeof settings.network })}>
            <option value="regtest">Regtest (local test chains)</option>
            <option value="testnet">Testnet (Bitcoin testnet, Monero testnet)</option>
            <option value="stagenet">Stagenet (Bitcoin testnet, Monero stagenet)</option>
            <option value="signet">Signet (Bitcoin signet, Monero stagenet)</option>
            <option value="mainnet">Mainnet</option>
          </select>
          <div className="check">
            <input id="sandbox" type="checkbox" checked={settings.sandbox} onChange={(e) => void save({ sandbox: e.target.checked })} />
            <label htmlFor="sandbox">Use the local sandbox (test nodes and a maker on this computer)</label>
          </div>
          <label htmlFor="btc-rpc">Bitcoin Core RPC</label>
          <input id="btc-rpc" defaultValue={settings.bitcoinRpcUrl} onBlur={(e) => void save({ bitcoinRpcUrl: e.target.value })} />
          <label htmlFor="xmr-rpc">Monero daemon RPC</label>
          <input id="xmr-rpc" defaultValue={settings.moneroDaemonUrl} onBlur={(e) => void save({ moneroDaemonUrl: e.target.value })} />
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
      )}
      <Notifications />
    </div>
  );
}
