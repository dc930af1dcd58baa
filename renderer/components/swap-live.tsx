// The live part of one swap's page, section by section: warnings, funding, what needs the person,
// steps with confirmation bars, timelock deadlines, transactions, actions, and the Petri net at its
// current marking with every step's reason.
import type { SwapView } from '../../shared/ipc/channels';
import { LIVE } from '../../shared/petri/net-builder';
import { ALICE_NET } from '../../shared/protocol/net-alice';
import { BOB_NET } from '../../shared/protocol/net-bob';
import { blocksToTime, btcBlockSecondsOf, sentence } from '../logic/format';
import { NetPicture } from '../net-picture/net-picture';
import { useApp } from '../store';
import { Actions, Funding, SandboxPay } from './swap-actions';
import { Story, Transactions } from './swap-story';
import { XmrFunding } from './xmr-funding';
import { SwapExports } from './swap-exports';
import { ManualActions } from './manual-actions';

const HIDE = [LIVE];

export function Live(props: { view: SwapView }) {
  const { view } = props;
  const running = view.summary.outcome === 'running';
  // The view already drops, once a swap ended, the prepared alternatives that never reached a chain.
  return (
    <>
      <Story view={view} />
      <Warnings warnings={view.warnings} />
      <Funding view={view} />
      <XmrFunding view={view} />
      <NeedsYou view={view} />
      <Steps steps={view.steps} />
      {running && <Deadlines deadlines={view.deadlines} />}
      <Transactions txs={view.txs} />
      <Actions view={view} />
      <ManualActions view={view} />
      <SwapExports view={view} />
      <StateMachine view={view} />
    </>
  );
}

function Warnings(props: { warnings: SwapView['warnings'] }) {
  if (props.warnings.length === 0) return null;
  return (
    <ul className="warnings" aria-label="Warnings">
      {props.warnings.map((w) => (
        <li key={w.code} className={`banner ${w.level}`} role={w.level === 'danger' ? 'alert' : undefined}>
          {w.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * The asks other than funding (shown by `Funding`): e.g. locking the XMR by hand. With a funding
 * wallet the swap locks from it itself, so that ask is not shown: paying the lock address as well
 * would pay twice.
 */
function NeedsYou(props: { view: SwapView }) {
  const { view } = props;
  const asks = view.asks.filter((a) => a.id !== 'fund' && !(a.id === 'lock-xmr' && view.xmrFunding));
  if (asks.length === 0) return null;
  return (
    <section className="card">
      <h2 id="asks-title">Needs you</h2>
      <ul>
        {asks.map((a) => (
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
  );
}

function Steps(props: { steps: SwapView['steps'] }) {
  return (
    <section className="card">
      <h2 id="steps-title">Steps</h2>
      <ol className="steps">
        {props.steps.map((st) => (
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
  );
}

function Deadlines(props: { deadlines: SwapView['deadlines'] }) {
  const settings = useApp((s) => s.settings);
  const blockSeconds = btcBlockSecondsOf(settings?.network);
  if (props.deadlines.length === 0) return null;
  return (
    <section className="card">
      <h2 id="deadlines-title">Safety deadlines</h2>
      <ul className="deadlines">
        {props.deadlines.map((d) => (
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
  );
}

/** The net at its current marking, and every transition with why it can or cannot fire now. */
function StateMachine(props: { view: SwapView }) {
  const { view } = props;
  const net = view.summary.role === 'alice' ? ALICE_NET : BOB_NET;
  const marking = Object.fromEntries(view.marking.map((p) => [p, true]));
  const enabled = view.transitions.filter((t) => t.enabled).map((t) => t.id);
  return (
    <>
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
