// The person's nodes, per chain, in order: the first that answers is used, the others take over when it
// fails (announced). Each row shows that node's health as the syncer last saw it: in use, tip height,
// blocks behind the best of them, last error. Saved together; the host checks them before it saves.
import { useEffect, useState } from 'react';
import type { BtcNode, ChainStatus, Settings, XmrNode } from '../../shared/ipc/channels';
import { useApp } from '../store';

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

type Health = NonNullable<ChainStatus['endpoints']>[number];

function HealthLine({ h, testId }: { h: Health | undefined; testId: string }) {
  if (!h) return <span className="hint" data-testid={testId}>Not asked yet (used when the wallet runs on these nodes).</span>;
  const parts = [h.active ? 'in use' : 'standby', h.height === null ? 'no tip yet' : `block ${h.height}`, h.lag ? `${h.lag} behind` : null, h.error ? `last error: ${h.error}` : null];
  return (
    <span className={h.error ? 'why' : 'hint'} data-testid={testId}>
      {parts.filter(Boolean).join(' · ')}
    </span>
  );
}

function move<T>(list: T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

function RowButtons({ id, i, n, onMove, onRemove }: { id: string; i: number; n: number; onMove: (by: -1 | 1) => void; onRemove: () => void }) {
  return (
    <div className="actions">
      <button type="button" id={`${id}-up`} disabled={i === 0} onClick={() => onMove(-1)}>
        Move up
      </button>
      <button type="button" id={`${id}-remove`} disabled={n === 1} onClick={onRemove}>
        Remove
      </button>
    </div>
  );
}

function BtcRow({ n, i, set, health }: { n: BtcNode; i: number; set: (n: BtcNode) => void; health: Health | undefined }) {
  const id = `btc-node-${i}`;
  const a = n.auth;
  return (
    <>
      <label htmlFor={`${id}-url`}>Bitcoin node {i + 1} RPC URL</label>
      <input id={`${id}-url`} value={n.url} onChange={(e) => set({ ...n, url: e.target.value })} />
      <label htmlFor={`${id}-auth`}>Bitcoin node {i + 1} login</label>
      <select
        id={`${id}-auth`}
        value={a.kind}
        onChange={(e) => {
          const k = e.target.value;
          set({ ...n, auth: k === 'password' ? { kind: 'password', user: '', password: '' } : k === 'cookie' ? { kind: 'cookie', file: '' } : { kind: 'none' } });
        }}
      >
        <option value="none">None</option>
        <option value="password">User and password (rpcauth)</option>
        <option value="cookie">Cookie file (.cookie in the node's data folder)</option>
      </select>
      {a.kind === 'password' && (
        <>
          <label htmlFor={`${id}-user`}>Bitcoin node {i + 1} RPC user</label>
          <input id={`${id}-user`} value={a.user} autoComplete="off" onChange={(e) => set({ ...n, auth: { ...a, user: e.target.value } })} />
          <label htmlFor={`${id}-password`}>Bitcoin node {i + 1} RPC password</label>
          <input id={`${id}-password`} type="password" value={a.password} autoComplete="off" onChange={(e) => set({ ...n, auth: { ...a, password: e.target.value } })} />
        </>
      )}
      {a.kind === 'cookie' && (
        <>
          <label htmlFor={`${id}-cookie`}>Bitcoin node {i + 1} cookie file</label>
          <input id={`${id}-cookie`} value={a.file} onChange={(e) => set({ ...n, auth: { kind: 'cookie', file: e.target.value } })} />
        </>
      )}
      <HealthLine h={health} testId={`${id}-health`} />
    </>
  );
}

function XmrRow({ n, i, set, health }: { n: XmrNode; i: number; set: (n: XmrNode) => void; health: Health | undefined }) {
  const id = `xmr-node-${i}`;
  return (
    <>
      <label htmlFor={`${id}-url`}>Monero node {i + 1} RPC URL</label>
      <input id={`${id}-url`} value={n.url} onChange={(e) => set({ ...n, url: e.target.value })} />
      <div className="check">
        <input id={`${id}-trusted`} type="checkbox" checked={n.trusted} onChange={(e) => set({ ...n, trusted: e.target.checked })} />
        <label htmlFor={`${id}-trusted`}>I run this node (trusted). Leave unticked for a remote node: the wallet then trusts none of its claims it cannot check.</label>
      </div>
      <label htmlFor={`${id}-user`}>Monero node {i + 1} login user (if it asks for one)</label>
      <input
        id={`${id}-user`}
        value={n.login?.user ?? ''}
        autoComplete="off"
        onChange={(e) => {
          const { login: _, ...rest } = n;
          set(e.target.value ? { ...rest, login: { user: e.target.value, password: n.login?.password ?? '' } } : rest);
        }}
      />
      {n.login && (
        <>
          <label htmlFor={`${id}-password`}>Monero node {i + 1} login password</label>
          <input id={`${id}-password`} type="password" value={n.login.password} autoComplete="off" onChange={(e) => set({ ...n, login: { user: n.login!.user, password: e.target.value } })} />
        </>
      )}
      <HealthLine h={health} testId={`${id}-health`} />
    </>
  );
}

/** The two node lists with their health, edited together and saved with one button. */
export function NodeSettings({ settings }: { settings: Settings }) {
  const save = useApp((s) => s.saveSettings);
  const status = useApp((s) => s.status);
  const [btc, setBtc] = useState(settings.bitcoinNodes);
  const [xmr, setXmr] = useState(settings.moneroNodes);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setBtc(settings.bitcoinNodes);
    setXmr(settings.moneroNodes);
  }, [settings]);
  const healthOf = (chain: 'btc' | 'xmr', url: string) => status?.chains.find((c) => c.chain === chain)?.endpoints?.find((e) => e.host === hostOf(url));
  const changed = JSON.stringify([btc, xmr]) !== JSON.stringify([settings.bitcoinNodes, settings.moneroNodes]);
  const upd = <T,>(list: T[], i: number, v: T) => list.map((x, k) => (k === i ? v : x));
  return (
    <section className="card form" aria-labelledby="nodes-title">
      <h2 id="nodes-title">Your nodes</h2>
      <p className="hint">In order: the first that answers is used; when it fails, the next takes over, and the app says so.</p>
      <h3>Bitcoin Core (24 or newer)</h3>
      {btc.map((n, i) => (
        <div key={`btc-${i}`} className="node-row" data-testid={`btc-node-${i}`}>
          <BtcRow n={n} i={i} set={(v) => setBtc(upd(btc, i, v))} health={healthOf('btc', n.url)} />
          <RowButtons id={`btc-node-${i}`} i={i} n={btc.length} onMove={(by) => setBtc(move(btc, i, by))} onRemove={() => setBtc(btc.filter((_, k) => k !== i))} />
        </div>
      ))}
      <div className="actions">
        <button type="button" disabled={btc.length >= 8} onClick={() => setBtc([...btc, { url: 'http://127.0.0.1:8332', auth: { kind: 'cookie', file: '' } }])}>
          Add a Bitcoin node
        </button>
      </div>
      <h3>monerod</h3>
      {xmr.map((n, i) => (
        <div key={`xmr-${i}`} className="node-row" data-testid={`xmr-node-${i}`}>
          <XmrRow n={n} i={i} set={(v) => setXmr(upd(xmr, i, v))} health={healthOf('xmr', n.url)} />
          <RowButtons id={`xmr-node-${i}`} i={i} n={xmr.length} onMove={(by) => setXmr(move(xmr, i, by))} onRemove={() => setXmr(xmr.filter((_, k) => k !== i))} />
        </div>
      ))}
      <div className="actions">
        <button type="button" disabled={xmr.length >= 8} onClick={() => setXmr([...xmr, { url: 'http://127.0.0.1:18081', trusted: true }])}>
          Add a Monero node
        </button>
      </div>
      <div className="actions">
        <button
          type="button"
          data-testid="save-nodes"
          disabled={!changed || busy}
          onClick={() => {
            setBusy(true);
            void save({ bitcoinNodes: btc, moneroNodes: xmr }).finally(() => setBusy(false));
          }}
        >
          {busy ? 'Checking the nodes…' : 'Check and save the nodes'}
        </button>
      </div>
    </section>
  );
}

/** The nodes the wallet reads now, from the syncers themselves (the sandbox's own, or yours), never defaults. */
export function NodesInUse() {
  const status = useApp((s) => s.status);
  const chains = status?.chains ?? [];
  if (chains.length === 0) return <p className="hint">Nodes in use: none yet (the wallet is starting).</p>;
  return (
    <p className="hint" data-testid="nodes-in-use">
      Nodes in use now:{' '}
      {chains.map((c, i) => (
        <span key={c.chain}>
          {i > 0 && ', '}
          {c.chain === 'btc' ? 'Bitcoin' : 'Monero'} <span className="mono">{c.endpoint ?? 'not reached yet'}</span>
          {c.switched && ` (switched from ${c.switched.from}: ${c.switched.reason})`}
        </span>
      ))}
      {status?.sandbox.state !== 'off' && ' (the sandbox\'s own nodes)'}.
    </p>
  );
}
