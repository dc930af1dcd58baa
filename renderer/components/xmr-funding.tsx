// The XMR seller's funding panel on the swap page: the swap's own Monero funding address with the
// exact amount, QR code and copy (and on regtest, pay from the sandbox wallet), then the x-of-10
// confirmations Monero needs before the swap can lock from it, then what became of the XMR.
import type { SwapView } from '../../shared/ipc/channels';
import { xmrFundingPanel } from '../logic/xmr-funding-panel';
import { QrCode } from '../qr/qr-code';
import { CopyButton } from './copy-button';
import { SandboxPay } from './swap-actions';

export function XmrFunding(props: { view: SwapView }) {
  const { view } = props;
  const p = xmrFundingPanel(view.xmrFunding, view.summary.outcome);
  if (p.kind === 'hidden') return null;
  if (p.kind === 'note')
    return (
      <section className="card" data-testid="xmr-funding" data-state={p.state}>
        <h2 id="xmr-fund-title">{p.title}</h2>
        <p data-testid="xmr-funding-note">{p.text}</p>
      </section>
    );
  if (p.kind === 'confirming')
    return (
      <section className="card" data-testid="xmr-funding" data-state={p.state}>
        <h2 id="xmr-fund-title">{p.title}</h2>
        <p>{p.text}</p>
        <span className="bar-row">
          <progress max={p.target} value={p.current} aria-label={`Monero funding: ${p.current} of ${p.target} confirmations`} />
          <span className="hint" data-testid="xmr-funding-confirmations">
            {p.current}/{p.target} confirmations
          </span>
        </span>
      </section>
    );
  return (
    <section className="card fund" data-testid="xmr-funding" data-state={p.state}>
      <h2 id="xmr-fund-title">{p.title}</h2>
      <div className="fund-grid">
        <QrCode text={p.uri} label={`QR code: pay ${p.payXmr} XMR to ${p.address}`} />
        <div>
          <p>{p.text}</p>
          <p className="label">Amount</p>
          <p className="amount mono" data-testid="xmr-funding-amount">
            {p.payXmr} XMR
          </p>
          <p className="label">Monero address</p>
          <p className="mono wrap" data-testid="xmr-funding-address">
            {p.address}
          </p>
          <div className="actions">
            <CopyButton text={p.address} testId="copy-xmr-address" />
            <SandboxPay swapId={view.summary.swapId} />
          </div>
        </div>
      </div>
    </section>
  );
}
