// What a person can do on a running swap: fund it with BTC (address, QR, exact amount; on regtest, pay
// from the sandbox wallet, for either coin), abort it (with its reason when it cannot), or archive it when its sandbox chains are gone.
import { useState } from 'react';
import type { SwapView } from '../../shared/ipc/channels';
import { api } from '../api';
import { plural } from '../../shared/protocol/swap-view-facts';
import { formatBtc, satsToBtc, sentence } from '../logic/format';
import { QrCode } from '../qr/qr-code';
import { useApp } from '../store';
import { CopyButton } from './copy-button';
import { ReasonButton } from './reason-button';

/** "Pay from the sandbox wallet" (regtest only): the sandbox's own wallet pays what the swap asks. */
export function SandboxPay(props: { swapId: string }) {
  const onRegtest = useApp((s) => s.settings?.network === 'regtest');
  const sandboxState = useApp((s) => s.status?.sandbox.state ?? 'off');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  if (!onRegtest) return null;
  const pay = async () => {
    setBusy(true);
    setErr(null);
    const r = await api.invoke('swap:action', { swapId: props.swapId, action: 'fund-from-sandbox' });
    setBusy(false);
    if (!r.ok) setErr(r.error.message);
  };
  return (
    <>
      <ReasonButton
        id="fund-from-sandbox"
        testId="fund-from-sandbox"
        reason={sandboxState !== 'ready' ? 'The sandbox wallet is not running (see Settings).' : busy ? 'Paying…' : null}
        onClick={() => void pay()}
      >
        Pay from the sandbox wallet
      </ReasonButton>
      {err && (
        <p className="form-error" role="alert">
          {sentence(err)}
        </p>
      )}
    </>
  );
}

/** Bob's BTC funding (Alice's XMR funding is `xmr-funding.tsx`). */
export function Funding(props: { view: SwapView }) {
  const f = props.view.funding;
  if (!f || props.view.summary.outcome !== 'running') return null;
  const btc = satsToBtc(f.sats, { exact: true });
  if (f.seen) {
    return (
      <section className="card" data-testid="funding-seen">
        <h2 id="fund-title">Funding received</h2>
        <p>
          {formatBtc(f.seen.sats, { exact: true })} arrived in <span className="mono wrap">{f.seen.txid}</span> ({plural(f.seen.confs, 'confirmation')}).
        </p>
      </section>
    );
  }
  return (
    <section className="card fund" data-testid="funding">
      <h2 id="fund-title">4. Fund the swap</h2>
      <div className="fund-grid">
        <QrCode text={`bitcoin:${f.address}?amount=${btc}`} label={`QR code: pay ${btc} BTC to ${f.address}`} />
        <div>
          <p>Pay exactly this amount to this address, from any Bitcoin wallet. The swap continues by itself once the payment is seen.</p>
          <p className="label">Amount</p>
          <p className="amount mono" data-testid="funding-amount">
            {btc} BTC
          </p>
          <p className="label">Address</p>
          <p className="mono wrap" data-testid="funding-address">
            {f.address}
          </p>
          <div className="actions">
            <CopyButton text={f.address} testId="copy-btc-address" />
            <SandboxPay swapId={props.view.summary.swapId} />
          </div>
        </div>
      </div>
    </section>
  );
}

/** A swap whose sandbox chains are gone: nothing can finish it; the person may set it aside. */
function Archive(props: { view: SwapView }) {
  const [err, setErr] = useState<string | null>(null);
  const a = props.view.archive;
  if (!a) return null;
  const archive = async () => {
    const r = await api.invoke('swap:action', { swapId: props.view.summary.swapId, action: 'archive' });
    if (!r.ok) setErr(r.error.message);
  };
  return (
    <div className="actions">
      <ReasonButton id="archive" kind="secondary" testId="archive" reason={a.allowed ? null : a.reason} onClick={() => void archive()}>
        Archive this swap
      </ReasonButton>
      {err && (
        <p className="form-error" role="alert">
          {err}
        </p>
      )}
    </div>
  );
}

export function Actions(props: { view: SwapView }) {
  const { view } = props;
  const [confirming, setConfirming] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  if (view.summary.outcome !== 'running') return null;
  const abort = async () => {
    setConfirming(false);
    const r = await api.invoke('swap:action', { swapId: view.summary.swapId, action: 'abort' });
    if (!r.ok) setErr(r.error.message);
  };
  return (
    <section className="card">
      <h2 id="actions-title">Actions</h2>
      <Archive view={view} />
      {!confirming ? (
        <ReasonButton id="abort" kind="danger" testId="abort" reason={view.abort.allowed ? null : view.abort.reason} onClick={() => setConfirming(true)}>
          Abort the swap
        </ReasonButton>
      ) : (
        <div className="actions" role="group" aria-label="Confirm abort">
          <span>Abort this swap? It stops here for both sides; no coin has been locked that would need a refund.</span>
          <button type="button" className="danger" data-testid="abort-confirm" onClick={() => void abort()}>
            Yes, abort
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep going
          </button>
        </div>
      )}
      {err && (
        <p className="form-error" role="alert">
          {err}
        </p>
      )}
    </section>
  );
}
