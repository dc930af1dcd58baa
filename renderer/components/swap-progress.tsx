// One swap in depth, shared by the wizard's last steps and the swap page: where it stands, what happens
// next, funding (address, QR, exact amount), steps with confirmation bars, timelock deadlines, the
// Petri net at its current marking, transactions, and the abort button with its reason.
import { useState } from 'react';
import type { SwapSummary, SwapView } from '../../shared/ipc/channels';
import { LIVE } from '../../shared/petri/net-builder';
import { ALICE_NET } from '../../shared/protocol/net-alice';
import { BOB_NET } from '../../shared/protocol/net-bob';
import { api } from '../api';
import { blocksToTime, btcBlockSecondsOf, formatBtc, formatXmr, OUTCOME_TEXT, roleText, satsToBtc, sentence, shortId } from '../logic/format';
import { stepOfView } from '../logic/wizard-machine';
import { NetPicture } from '../net-picture/net-picture';
import { QrCode } from '../qr/qr-code';
import { useApp } from '../store';
import { ReasonButton } from './reason-button';
import { ScreenHead } from './screen-head';
import { Stepper } from './stepper';
import { usePoll } from './use-poll';

const HIDE = [LIVE];

export function SwapProgress(props: { swapId: string }) {
  const [view, setView] = useState<SwapView | null>(null);
  const [error, setError] = useState<{ kind: string; message: string } | null>(null);
  const summary = useApp((s) => s.swaps).find((x) => x.swapId === props.swapId) ?? null;
  usePoll(
    async () => {
      const r = await api.invoke('swap:get', { swapId: props.swapId });
      if (r.ok) {
        setView((prev) => (prev && JSON.stringify(prev) === JSON.stringify(r.value) ? prev : r.value));
        setError(null);
      } else setError(r.error);
    },
    1000,
    { key: props.swapId },
  );
  const shown = view?.summary ?? summary;
  const title = (
    <>
      Swap <span className="mono">{shortId(props.swapId)}</span>
    </>
  );
  if (!shown) {
    return (
      <div className="screen" data-testid="screen-swap">
        <ScreenHead title={title} />
        <section className="empty" data-testid="swap-unknown">
          <h2>This swap is not known to the daemon</h2>
          <p className="empty-body">
            {error ? `${sentence(error.message)} ` : 'Loading… '}
            Once the daemon knows it, this page shows the swap's steps, confirmations and timelock progress, the state-machine picture with
            the current step, and every transaction id.
          </p>
        </section>
      </div>
    );
  }
  return (
    <div className="screen" data-testid="screen-swap">
      <ScreenHead title={title} lede={`${roleText(shown.role)}: ${formatBtc(shown.btcSats)} for ${formatXmr(shown.xmrPiconero)}`} />
      <Stepper current={view ? stepOfView(view) : shown.outcome === 'running' ? 'progress' : 'done'} finished={shown.outcome !== 'running'} />
      {!view && error && (
        <p className="banner warning" role="status" data-testid="swap-stale">
          Showing the last saved state. {sentence(error.message)}
        </p>
      )}
      <Where summary={shown} view={view} />
      {view && <Live view={view} />}
    </div>
  );
}

function Where(props: { summary: SwapSummary; view: SwapView | null }) {
  const { summary: s, view } = props;
  const done = s.outcome !== 'running';
  return (
    <section className={`card where ${done ? `outcome-${s.outcome}` : ''}`}>
      <h2 id="where-title">{done ? 'Outcome' : 'Where it stands'}</h2>
      {/* A polite live region: screen readers hear each change of stage without losing their place. */}
      <div aria-live="polite" aria-atomic="true">
        {done && (
          <p className={`outcome ${s.outcome}`} data-testid="swap-outcome">
            {OUTCOME_TEXT[s.outcome]}
          </p>
        )}
        <p className="stage" data-testid="swap-stage">
          {s.stage}
        </p>
        {!done && (
          <p data-testid="swap-next">
            <strong>Next: </strong>
            {view?.next ?? s.next}
          </p>
        )}
      </div>
      {!done && s.blocksToDeadline !== null && (
        <p className="hint" data-testid="swap-deadline">
          {s.blocksToDeadline} blocks left before the next safety deadline.
        </p>
      )}
      {view && !view.live && <p className="hint">Catching up with both chains after a restart; the swap acts again once both are synced.</p>}
    </section>
  );
}

function Live(props: { view: SwapView }) {
  const { view } = props;
  const settings = useApp((s) => s.settings);
  const blockSeconds = btcBlockSecondsOf(settings?.network);
  const net = view.summary.role === 'alice' ? ALICE_NET : BOB_NET;
  const marking = Object.fromEntries(view.marking.map((p) => [p, true]));
  const enabled = view.transitions.filter((t) => t.enabled).map((t) => t.id);
  const running = view.summary.outcome === 'running';
  // Once ended, the prepared alternatives that never reached the chain are noise: show what happened.
  const txs = running ? view.txs : view.txs.filter((t) => t.confs !== null);
  return (
    <>
      {view.warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings">
          {view.warnings.map((w) => (
            <li key={w.code} className={`banner ${w.level}`} role={w.level === 'danger' ? 'alert' : undefined}>
              {w.message}
            </li>
          ))}
        </ul>
      )}
      <Funding view={view} />
      {view.asks.filter((a) => a.id !== 'fund').length > 0 && (
        <section className="card">
          <h2 id="asks-title">Needs you</h2>
          <ul>
            {view.asks
              .filter((a) => a.id !== 'fund')
              .map((a) => (
                <li key={a.id} data-testid={`ask-${a.id}`}>
                  <p>
                    <strong>{a.title}</strong>: <span className="wrap">{a.detail}</span>
                  </p>
                  {a.id === 'lock-xmr' && (
                    <div className="actions">
                      <SandboxPay swapId={view.summary.swapId} />
                    </div>
                  )}
                </li>
              ))}
          </ul>
        </section>
      )}
      <section className="card">
        <h2 id="steps-title">Steps</h2>
        <ol className="steps">
          {view.steps.map((st) => (
            <li key={st.id} className={`step ${st.status}`} data-testid={`step-${st.id}`} data-status={st.status}>
              <span className="step-mark" aria-hidden="true">
                {st.status === 'done' ? '✓' : st.status === 'active' ? '●' : st.status === 'skipped' ? '–' : '○'}
              </span>
              <span className="step-body">
                <span className="step-title">
                  {st.title}
                  <span className="sr-only"> ({st.status})</span>
                </span>
                {st.detail && <span className="hint">{st.detail}</span>}
                {st.progress && (
                  <span className="bar-row">
                    <progress
                      max={st.progress.target}
                      value={Math.min(st.progress.current, st.progress.target)}
                      aria-label={`${st.title}: ${st.progress.current} of ${st.progress.target} ${st.progress.unit}`}
                    />
                    <span className="hint">
                      {st.progress.current}/{st.progress.target} {st.progress.unit}
                    </span>
                  </span>
                )}
              </span>
            </li>
          ))}
        </ol>
      </section>
      {running && view.deadlines.length > 0 && (
        <section className="card">
          <h2 id="deadlines-title">Safety deadlines</h2>
          <ul className="deadlines">
            {view.deadlines.map((d) => (
              <li key={d.id} data-testid={`deadline-${d.id}`}>
                <span className="step-title">{d.title}</span>
                {d.blocksLeft === null ? (
                  <span className="hint">Counts down from {blocksToTime(d.total, blockSeconds)} once its starting transaction confirms.</span>
                ) : (
                  <span className="bar-row">
                    <progress
                      className="timelock"
                      max={d.total}
                      value={Math.max(0, Math.min(d.total, d.total - d.blocksLeft))}
                      aria-label={`${d.title}: ${Math.max(0, d.blocksLeft)} of ${d.total} blocks left`}
                    />
                    <span className="hint">{d.blocksLeft <= 0 ? 'reached' : `${blocksToTime(d.blocksLeft, blockSeconds)} left`}</span>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {txs.length > 0 && (
        <section className="card">
          <h2 id="txs-title">Transactions</h2>
          <table className="txs">
            <thead>
              <tr>
                <th scope="col">Transaction</th>
                <th scope="col">Id</th>
                <th scope="col">Confirmations</th>
              </tr>
            </thead>
            <tbody>
              {txs.map((t) => (
                <tr key={`${t.name}-${t.txid}`} data-testid={`tx-${t.name}`}>
                  <td>{t.name}</td>
                  <td className="mono wrap">{t.txid}</td>
                  <td>{t.confs ?? 'not yet seen'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <Actions view={view} />
      <NetPicture net={net} marking={marking} enabled={enabled} hide={HIDE} title={`Your state machine now (${view.summary.role === 'alice' ? 'Alice' : 'Bob'})`} />
      <details className="card transitions">
        <summary>Every protocol step and why it can or cannot happen now</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {view.transitions.map((t) => (
              <tr key={t.id} data-testid={`transition-${t.id}`} className={t.enabled ? 'enabled' : ''}>
                <td>{t.title}</td>
                <td>{t.enabled ? 'Can happen now.' : sentence(t.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

/** "Pay from the sandbox wallet" (regtest only): the sandbox's own wallet pays what the swap asks. */
function SandboxPay(props: { swapId: string }) {
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

function Funding(props: { view: SwapView }) {
  const f = props.view.funding;
  const [copyErr, setCopyErr] = useState<string | null>(null);
  if (!f || props.view.summary.outcome !== 'running') return null;
  const btc = satsToBtc(f.sats, { exact: true });
  if (f.seen) {
    return (
      <section className="card" data-testid="funding-seen">
        <h2 id="fund-title">Funding received</h2>
        <p>
          {formatBtc(f.seen.sats, { exact: true })} arrived in <span className="mono wrap">{f.seen.txid}</span> ({f.seen.confs} confirmations).
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
            <button
              type="button"
              className="secondary"
              onClick={() => void navigator.clipboard?.writeText(f.address).catch(() => setCopyErr('Copying is not allowed here; select the address instead.'))}
            >
              Copy address
            </button>
            <SandboxPay swapId={props.view.summary.swapId} />
          </div>
          {copyErr && <p className="form-error">{copyErr}</p>}
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

function Actions(props: { view: SwapView }) {
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
