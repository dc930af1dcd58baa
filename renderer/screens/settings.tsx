// Network, node endpoints and the local sandbox switch; saved by the host, validated by the channel table.
import { useApp } from '../store';

export function SettingsScreen() {
  const settings = useApp((s) => s.settings);
  const save = useApp((s) => s.saveSettings);
  const info = useApp((s) => s.info);
  if (!settings) return <div className="screen" data-testid="screen-settings"><p>Loading settings…</p></div>;
  return (
    <div className="screen" data-testid="screen-settings">
      <header className="screen-head">
        <h1>Settings</h1>
      </header>
      <section className="card form">
        <label htmlFor="network">Network</label>
        <select id="network" value={settings.network} onChange={(e) => save({ network: e.target.value as typeof settings.network })}>
          <option value="regtest">Regtest (local test chains)</option>
          <option value="testnet">Testnet</option>
          <option value="mainnet">Mainnet</option>
        </select>
        <label htmlFor="sandbox">
          <input id="sandbox" type="checkbox" checked={settings.sandbox} onChange={(e) => save({ sandbox: e.target.checked })} /> Use the
          local sandbox (test nodes and a maker on this computer)
        </label>
        <label htmlFor="btc-rpc">Bitcoin Core RPC</label>
        <input id="btc-rpc" defaultValue={settings.bitcoinRpcUrl} onBlur={(e) => save({ bitcoinRpcUrl: e.target.value })} />
        <label htmlFor="xmr-rpc">Monero daemon RPC</label>
        <input id="xmr-rpc" defaultValue={settings.moneroDaemonUrl} onBlur={(e) => save({ moneroDaemonUrl: e.target.value })} />
        <p className="hint">
          Data folder: <span className="mono">{settings.dataDir}</span>
        </p>
        {info && (
          <p className="hint">
            Version {info.version}, running in {info.host === 'electron' ? 'the desktop app' : 'the browser host'}.
          </p>
        )}
      </section>
    </div>
  );
}
