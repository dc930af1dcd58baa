// The guided swap, before the swap exists: which way and offer -> review -> addresses. Starting it
// hands over to the swap's own page (fund -> progress -> done), which shows the same stepper. Every
// button says why when it cannot act; every line speaks of the coins of the person's side.
import { useEffect, useReducer, useRef, useState } from 'react';
import type { OfferReview } from '../../shared/ipc/channels';
import { api } from '../api';
import { Readiness } from '../components/readiness';
import { ReasonButton } from '../components/reason-button';
import { ScreenHead } from '../components/screen-head';
import { Stepper } from '../components/stepper';
import { TakeAmount } from '../components/take-amount';
import { isRange, takeAmount } from '../logic/make-offer';
import { satsToBtc } from '../logic/format';
import { DIRECTIONS, directionOf, makerRoleFor } from '../logic/direction';
import { explainOffer } from '../logic/explain';
import { blocksToTime, feeRateText, formatBtc } from '../logic/format';
import { formatSats } from '../logic/sats-text';
import { btcAddressNote } from '../logic/address-check';
import { addressWords, refundCost, xmrFundingReviewText } from '../logic/role-words';
import {
  acceptBlocker,
  addressProblems,
  initialWizard,
  reviewBlocker,
  startBlocker,
  wizardReducer,
  type WizardContext,
  type WizardEvent,
  type WizardState,
} from '../logic/wizard-machine';
import { useApp } from '../store';

type Dispatch = (e: WizardEvent) => void;

function useSandbox() {
  const settings = useApp((s) => s.settings);
  const status = useApp((s) => s.status);
  const onRegtest = settings?.network === 'regtest';
  const state = status?.sandbox.state ?? 'off';
  const reason =
    state === 'ready'
      ? null
      : state === 'starting'
        ? 'The sandbox is still starting its nodes and maker.'
        : state === 'failed'
          ? `The sandbox failed: ${status?.sandbox.message ?? ''}`
          : settings?.sandbox
            ? 'The sandbox is not running yet.'
            : 'The sandbox is off; turn it on in Settings.';
  return { onRegtest, ready: state === 'ready', reason };
}

export function Wizard() {
  const [s, dispatch] = useReducer(wizardReducer, initialWizard);
  const status = useApp((st) => st.status);
  const settings = useApp((st) => st.settings);
  const sandbox = useSandbox();
  const ctx: WizardContext = {
    daemonReady: status?.daemon.state === 'ready',
    daemonMessage: status?.daemon.message ?? 'waiting for the wallet host',
    network: settings?.network ?? null,
    now: Date.now(),
  };

  const reviewOffer = async (offer: string) => {
    dispatch({ type: 'busy', what: 'review' });
    const r = await api.invoke('offer:review', { offer: offer.trim() });
    dispatch(r.ok ? { type: 'reviewed', review: r.value } : { type: 'failed', message: r.error.message });
  };
  /** Fetches the sandbox maker's offer into the text area and reviews it (one click). */
  const takeSandboxOffer = async () => {
    dispatch({ type: 'busy', what: 'sandbox-offer' });
    const r = await api.invoke('sandbox:offer', { makerRole: makerRoleFor(s.direction) });
    if (!r.ok) return dispatch({ type: 'failed', message: r.error.message });
    dispatch({ type: 'offer-text', text: r.value.offer, source: 'sandbox' });
    await reviewOffer(r.value.offer);
  };
  // An offer taken from the offer book: reviewed at once, exactly as a pasted one would be.
  const consumeTakenOffer = useApp((st) => st.consumeTakenOffer);
  useEffect(() => {
    const taken = consumeTakenOffer();
    if (!taken) return;
    dispatch({ type: 'take', text: taken.offer, role: taken.yourRole });
    void reviewOffer(taken.offer);
    // Once, on arrival: the store hands each taken offer over a single time.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // On regtest with the sandbox ready, the offer of its maker on the other side is filled in by default
  // (once per direction chosen: turning around fetches the matching maker's offer).
  const prefilled = useRef<string | null>(null);
  useEffect(() => {
    if (prefilled.current === s.direction || !sandbox.onRegtest || !sandbox.ready || s.offer !== '' || s.busy || s.step !== 'offer') return;
    prefilled.current = s.direction;
    const role = s.direction;
    // Not marked busy: the buttons stay usable, and a late answer never overwrites the person's input.
    void api.invoke('sandbox:offer', { makerRole: makerRoleFor(role) }).then((r) => r.ok && dispatch({ type: 'prefill', text: r.value.offer, role }));
  }, [sandbox.onRegtest, sandbox.ready, s.offer, s.busy, s.direction, s.step]);

  // Each new step takes the focus to its heading, so keyboard users continue from there.
  const shownStep = useRef(s.step);
  useEffect(() => {
    if (shownStep.current === s.step) return;
    shownStep.current = s.step;
    document.getElementById(`${s.step}-title`)?.focus();
  }, [s.step]);

  return (
    <div className="screen" data-testid="screen-wizard">
      <ScreenHead title="New swap" lede="Swap Bitcoin and Monero with a counterparty, with no one in the middle holding your coins." />
      <Stepper current={s.step} />
      {s.step === 'offer' && <Readiness />}
      {s.step === 'offer' && <OfferStep s={s} ctx={ctx} dispatch={dispatch} sandbox={sandbox} takeSandboxOffer={takeSandboxOffer} reviewOffer={reviewOffer} />}
      {s.step === 'review' && s.review && <ReviewStep s={s} review={s.review} ctx={ctx} dispatch={dispatch} />}
      {s.step === 'addresses' && s.review && <AddressStep s={s} review={s.review} ctx={ctx} dispatch={dispatch} sandbox={sandbox} />}
    </div>
  );
}

function HostError(props: { message: string | null }) {
  if (!props.message) return null;
  return (
    <p className="form-error" role="alert" data-testid="wizard-error">
      {props.message}
    </p>
  );
}

function OfferStep(props: {
  s: WizardState;
  ctx: WizardContext;
  dispatch: Dispatch;
  sandbox: ReturnType<typeof useSandbox>;
  takeSandboxOffer: () => Promise<void>;
  reviewOffer: (offer: string) => Promise<void>;
}) {
  const { s, ctx, dispatch, sandbox } = props;
  return (
    <section className="card">
      <h2 id="offer-title" tabIndex={-1}>1. Which way, and whose offer</h2>
      <DirectionChoice s={s} dispatch={dispatch} />
      <label htmlFor="offer">Offer</label>
      <textarea
        id="offer"
        rows={4}
        placeholder="fcswap1…"
        value={s.offer}
        onChange={(e) => dispatch({ type: 'offer-text', text: e.target.value })}
        spellCheck={false}
        aria-describedby="offer-hint"
        data-testid="offer-input"
      />
      <p id="offer-hint" className="hint">
        {s.offerSource === 'sandbox' && s.offer
          ? `This is the local sandbox maker's offer (it ${s.direction === 'bob' ? 'sells' : 'buys'} XMR). You can paste another one instead.`
          : s.offerSource === 'book' && s.offer
          ? `This offer was taken from the offer book (its maker ${s.direction === 'bob' ? 'sells' : 'buys'} XMR). You can paste another one instead.`
          : `An offer is a signed text starting with fcswap1 that a maker gives you; to ${directionOf(s.direction).phrase}, take the offer of a maker who ${s.direction === 'bob' ? 'sells' : 'buys'} XMR.`}
      </p>
      <div className="actions">
        {sandbox.onRegtest && (
          <ReasonButton id="sandbox-offer" kind="secondary" testId="sandbox-offer" reason={sandbox.reason ?? (s.busy ? 'Waiting for the daemon to answer.' : null)} onClick={() => void props.takeSandboxOffer()}>
            Use the sandbox maker's offer
          </ReasonButton>
        )}
        <ReasonButton id="review-offer" testId="review-offer" reason={reviewBlocker(s, ctx)} onClick={() => void props.reviewOffer(s.offer)}>
          {s.busy === 'review' ? 'Checking the offer…' : 'Review offer'}
        </ReasonButton>
      </div>
      <p className="hint">
        Or pick one from the{' '}
        <a href="#/offers" data-testid="browse-offers">
          offer book
        </a>
        : the live offers of makers on your relays.
      </p>
      <HostError message={s.error} />
    </section>
  );
}

/** Buy or sell XMR: native radios in a fieldset, so arrow keys move the choice and it has one tab stop. */
function DirectionChoice(props: { s: WizardState; dispatch: Dispatch }) {
  const { s, dispatch } = props;
  return (
    <fieldset className="direction" data-testid="direction">
      <legend>Which way?</legend>
      <div className="direction-choices">
        {DIRECTIONS.map((d) => (
          <div key={d.id} className={`direction-choice${s.direction === d.role ? ' chosen' : ''}`}>
            <input
              id={`direction-${d.id}`}
              type="radio"
              name="direction"
              value={d.id}
              checked={s.direction === d.role}
              aria-describedby={`direction-${d.id}-hint`}
              data-testid={`direction-${d.id}`}
              onChange={() => dispatch({ type: 'direction', role: d.role })}
            />
            <label htmlFor={`direction-${d.id}`}>{d.label}</label>
            <p id={`direction-${d.id}-hint`} className="hint">
              {d.hint}
            </p>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function ReviewStep(props: { s: WizardState; review: OfferReview; ctx: WizardContext; dispatch: Dispatch }) {
  const { s, review: r, ctx, dispatch } = props;
  const e = explainOffer(r);
  const cost = refundCost(r);
  return (
    <section className="card" data-testid="review" data-role={r.yourRole}>
      <h2 id="review-title" tabIndex={-1}>2. Review the terms</h2>
      {s.directionNote && (
        <p className="banner info" role="status" data-testid="direction-note">
          {s.directionNote}
        </p>
      )}
      <dl className="terms">
        <dt>Your side</dt>
        <dd data-testid="your-side">{directionOf(r.yourRole).label}</dd>
        <dt>You send</dt>
        <dd data-testid="you-send">{e.youSend}</dd>
        <dt>You receive</dt>
        <dd data-testid="you-receive">{e.youReceive}</dd>
        {r.fundingSats && (
          <>
            <dt>You pay into the funding address</dt>
            <dd data-testid="funding-total">{formatBtc(r.fundingSats, { exact: true })} (the amount plus the lock transaction's fee)</dd>
          </>
        )}
        {r.yourRole === 'alice' && (
          <>
            <dt>You pay into the swap</dt>
            <dd data-testid="xmr-funding-total">{xmrFundingReviewText(r)}</dd>
          </>
        )}
        <dt>Bitcoin fee rate</dt>
        <dd data-testid="fee-rate">
          {feeRateText(r.feeSatPerKvB)}
          {r.feeEstimateSatPerKvB !== null ? ` (your node estimates ${feeRateText(r.feeEstimateSatPerKvB)})` : ' (your node has no estimate: checked against the network floor and cap)'}
        </dd>
        <dt>Bitcoin fees at this rate</dt>
        <dd data-testid="fee-lines">
          <ul className="fee-lines">
            {r.fees.map((f) => (
              <li key={f.tx} data-testid={`fee-${f.tx}`}>
                {f.tx}: {formatSats(f.sats)}, {f.when}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{cost.label}</dt>
        <dd data-testid="worst-case-refund">{cost.text}</dd>
        <dt>Cancel timelock</dt>
        <dd>{blocksToTime(r.cancelTimelock, r.btcBlockSeconds)} after the Bitcoin lock</dd>
        <dt>Punish timelock</dt>
        <dd>{blocksToTime(r.punishTimelock, r.btcBlockSeconds)} after the cancel</dd>
        <dt>Final after</dt>
        <dd>
          {r.finalityBtc} Bitcoin / {r.finalityXmr} Monero confirmations
        </dd>
        <dt>Network</dt>
        <dd>{r.network}</dd>
        <dt>Maker</dt>
        <dd className="mono wrap">{r.maker}</dd>
        <dt>Offer expires</dt>
        <dd>{new Date(r.expiresAt * 1000).toLocaleString()}</dd>
      </dl>
      <h3>What happens, and what the timelocks mean for your money</h3>
      {e.paragraphs.map((p, i) => (
        <p key={i} className="explain">
          {p}
        </p>
      ))}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => dispatch({ type: 'back' })}>
          Back
        </button>
        <ReasonButton id="accept-terms" testId="accept-terms" reason={acceptBlocker(s, ctx)} onClick={() => dispatch({ type: 'accept' })}>
          Accept these terms
        </ReasonButton>
      </div>
    </section>
  );
}

function AddressStep(props: { s: WizardState; review: OfferReview; ctx: WizardContext; dispatch: Dispatch; sandbox: ReturnType<typeof useSandbox> }) {
  const { s, review, ctx, dispatch, sandbox } = props;
  const navigate = useApp((st) => st.navigate);
  const problems = addressProblems(s);
  const words = addressWords(review.yourRole);
  // A standing offer's range: the person's amount in it (the maximum until they change it).
  const [amount, setAmount] = useState(() => satsToBtc(review.btcSats));
  const amt = isRange(review) ? takeAmount(review, amount) : null;
  const fillFromSandbox = async () => {
    dispatch({ type: 'busy', what: 'sandbox-addresses' });
    const r = await api.invoke('sandbox:addresses', {});
    dispatch(r.ok ? { type: 'addresses', btc: r.value.btc, xmr: r.value.xmr } : { type: 'failed', message: r.error.message });
  };
  const start = async () => {
    dispatch({ type: 'busy', what: 'start' });
    const r = await api.invoke('swap:start', { offer: s.offer.trim(), btcAddress: s.btcAddress.trim(), xmrAddress: s.xmrAddress.trim(), ...(amt?.ok ? { btcSats: amt.sats.toString() } : {}) });
    if (r.ok) {
      dispatch({ type: 'started', swapId: r.value.swapId });
      navigate({ name: 'swap', swapId: r.value.swapId });
    } else dispatch({ type: 'failed', message: r.error.message });
  };
  const field = (which: 'btc' | 'xmr', label: string, hint: string, value: string, problem: string | null) => {
    const id = `${which}-address`;
    const showProblem = value !== '' && problem !== null;
    // Regtest: why the sandbox's "Bitcoin" addresses start with rltc1 (it runs litecoind regtest).
    const note = which === 'btc' ? btcAddressNote(review.network) : null;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          value={value}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={showProblem || undefined}
          aria-describedby={`${id}-hint${note ? ` ${id}-note` : ''}${showProblem ? ` ${id}-problem` : ''}`}
          data-testid={id}
          onChange={(e) => dispatch({ type: 'address', which, value: e.target.value })}
        />
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
        {note && (
          <p id={`${id}-note`} className="hint" data-testid={`${id}-note`}>
            {note}
          </p>
        )}
        {showProblem && (
          <p id={`${id}-problem`} className="field-problem">
            {problem}
          </p>
        )}
      </div>
    );
  };
  return (
    <section className="card">
      <h2 id="addresses-title" tabIndex={-1}>3. Your addresses</h2>
      {amt && <TakeAmount review={review} value={amount} onChange={setAmount} />}
      {field('btc', words.btc.label, words.btc.hint, s.btcAddress, problems.btc)}
      {field('xmr', words.xmr.label, words.xmr.hint, s.xmrAddress, problems.xmr)}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => dispatch({ type: 'back' })}>
          Back
        </button>
        {sandbox.onRegtest && (
          <ReasonButton id="sandbox-addresses" kind="secondary" testId="sandbox-addresses" reason={sandbox.reason ?? (s.busy ? 'Waiting for the daemon to answer.' : null)} onClick={() => void fillFromSandbox()}>
            Use the sandbox wallet addresses
          </ReasonButton>
        )}
        <ReasonButton id="start-swap" testId="start-swap" reason={startBlocker(s, ctx) ?? (amt && !amt.ok ? amt.problem : null) ?? (s.busy ? 'Waiting for the daemon to answer.' : null)} onClick={() => void start()}>
          {s.busy === 'start' ? 'Starting…' : 'Start the swap'}
        </ReasonButton>
      </div>
      <HostError message={s.error} />
    </section>
  );
}

