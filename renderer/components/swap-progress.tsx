// One swap in depth, shared by the wizard's last steps and the swap page: where it stands and what happens
// next (here), then the live sections (`swap-live.tsx`: funding, steps with confirmation bars, timelock
// deadlines, transactions, the Petri net at its current marking) and the actions (`swap-actions.tsx`).
import { useState } from 'react';
import type { SwapSummary, SwapView } from '../../shared/ipc/channels';
import { api } from '../api';
import { OUTCOME_TEXT, roleText, sentence, shortId, stageAfterOutcome } from '../logic/format';
import { outcomeLine, tradeLine } from '../logic/role-words';
import { plural } from '../../shared/protocol/swap-view-facts';
import { withFreshView } from '../logic/notices';
import { nextWithFunding } from '../logic/xmr-funding-panel';
import { stepOfView } from '../logic/wizard-machine';
import { useApp } from '../store';
import { ScreenHead } from './screen-head';
import { Stepper } from './stepper';
import { Live } from './swap-live';
import { usePoll } from './use-poll';

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
        // The app's list and banners take this fresher view at once: Resume, history and notices agree with the page.
        const st = useApp.getState();
        const fresh = withFreshView(st.swaps, st.status, r.value);
        if (fresh.swaps !== st.swaps || fresh.status !== st.status) useApp.setState({ swaps: [...fresh.swaps], status: fresh.status });
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
      <ScreenHead title={title} lede={`${roleText(shown.role)}: ${tradeLine(shown)}`} />
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
          {done ? stageAfterOutcome(s) : s.stage}
        </p>
        {done && outcomeLine(s, view?.xmrFunding) && (
          <p className="result" data-testid="swap-result">
            {outcomeLine(s, view?.xmrFunding)}
          </p>
        )}
        {!done && (
          <p data-testid="swap-next">
            <strong>Next: </strong>
            {view ? nextWithFunding(view) : s.next}
          </p>
        )}
      </div>
      {!done && s.blocksToDeadline !== null && (
        <p className="hint" data-testid="swap-deadline">
          {plural(s.blocksToDeadline, 'block')} left before the next safety deadline.
        </p>
      )}
      {view && !view.live && <p className="hint">Catching up with both chains after a restart; the swap acts again once both are synced.</p>}
    </section>
  );
}
