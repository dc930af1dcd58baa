// "Make an offer": the person as a maker. A standing offer (which way, a BTC range, a price, timelocks
// and fee rate prefilled for the network, expiry, capacity, the port takers dial) is signed by the
// wallet and shown as its fcswap1… string with copy and QR; the offers made are listed with their
// state and swaps, each revocable after a confirmation (running swaps go on).
import { useState } from 'react';
import type { MadeOffer, OffersList } from '../../shared/ipc/offer-channels';
import { api } from '../api';
import { CopyButton } from '../components/copy-button';
import { ReasonButton } from '../components/reason-button';
import { ScreenHead } from '../components/screen-head';
import { usePoll } from '../components/use-poll';
import { blocksToTime, btcBlockSecondsOf, feeRateText, formatBtc, formatXmr, shortId } from '../logic/format';
import { FIELD_IDS, formRequest, initialForm, inverseRate, rangeText, stateText, type FormProblem, type MakeOfferForm } from '../logic/make-offer';
import { QrCode } from '../qr/qr-code';
import { useApp } from '../store';

export function MakeOffer() {
  const [list, setList] = useState<OffersList | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [made, setMade] = useState<MadeOffer | null>(null);
  usePoll(async () => {
    const r = await api.invoke('offers:list', {});
    if (r.ok) setList(r.value);
    setListError(r.ok ? null : r.error.message);
  }, 3000);
  return (
    <div className="screen" data-testid="screen-make-offer">
      <ScreenHead title="Make an offer" lede="Publish a standing offer others can take, many times, while your wallet is running: each take becomes a swap of yours." />
      {list ? <OfferForm list={list} onMade={(m) => setMade(m)} /> : <p className="hint">{listError ?? 'Loading the wallet’s defaults…'}</p>}
      {made && <SignedOffer offer={made} />}
      {list && <OfferList offers={list.offers} />}
    </div>
  );
}

function OfferForm(props: { list: OffersList; onMade: (m: MadeOffer) => void }) {
  const { defaults } = props.list;
  const status = useApp((s) => s.status);
  const [f, setF] = useState<MakeOfferForm>(() => initialForm(defaults, props.list.listening?.port ?? null));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  // A change answers the problem shown: it goes until the next try.
  const set = (k: keyof MakeOfferForm) => (v: string) => {
    setF((old) => ({ ...old, [k]: v }));
    setProblem(null);
  };
  const local = formRequest(f, defaults.network);
  // A problem takes the focus to its field, so the person fixes it where it is.
  const refuse = (pr: FormProblem) => {
    setProblem(pr);
    document.getElementById(FIELD_IDS[pr.field] ?? 'mo-max')?.focus();
  };
  const submit = async () => {
    if (!local.ok) return refuse(local.problem);
    setBusy(true);
    const r = await api.invoke('offers:make', local.request);
    setBusy(false);
    if (!r.ok) return refuse({ field: (r.error.field ?? 'maxBtcSats') as FormProblem['field'], message: r.error.message });
    setProblem(null);
    props.onMade(r.value);
  };
  const fillFromSandbox = async () => {
    const r = await api.invoke('sandbox:addresses', {});
    if (r.ok) setF((old) => ({ ...old, btcAddress: r.value.btc, xmrAddress: r.value.xmr }));
  };
  const shown = problem ?? null;
  const p = (field: FormProblem['field']) => (shown?.field === field ? shown.message : null);
  const blockSec = btcBlockSecondsOf(defaults.network) || 1;
  const daemonReason = status?.daemon.state === 'ready' ? null : 'The swap daemon is not ready yet.';
  return (
    <section className="card form" aria-labelledby="mo-form-title" data-testid="make-offer-form">
      <h2 id="mo-form-title">Your offer</h2>
      <Direction value={f.makerRole} onChange={(r) => setF((old) => ({ ...old, makerRole: r }))} />
      <div className="mo-grid">
        <Field id="mo-min" label="Smallest swap (BTC)" value={f.minBtc} onChange={set('minBtc')} problem={p('minBtcSats')} hint="A taker chooses any amount in your range." />
        <Field id="mo-max" label="Largest swap (BTC)" value={f.maxBtc} onChange={set('maxBtc')} problem={p('maxBtcSats')} hint={rangeText(f) ?? ' '} />
        <Field id="mo-price" label="Price (XMR for 1 BTC)" value={f.price} onChange={set('price')} problem={p('xmrPerBtcPiconero')} hint={inverseRate(f.price) ?? 'How many XMR one BTC buys in your offer.'} />
        <Field id="mo-capacity" label="Swaps at once" value={f.capacity} onChange={set('capacity')} problem={p('capacity')} hint="How many takers may swap with you at the same time." />
        <Field id="mo-cancel" label="Cancel timelock (blocks)" value={f.cancelTimelock} onChange={set('cancelTimelock')} problem={p('cancelTimelock')} hint={`${blocksToTime(Number(f.cancelTimelock) || 0, blockSec)} after the Bitcoin lock (default ${defaults.cancelTimelock}).`} />
        <Field id="mo-punish" label="Punish timelock (blocks)" value={f.punishTimelock} onChange={set('punishTimelock')} problem={p('punishTimelock')} hint={`${blocksToTime(Number(f.punishTimelock) || 0, blockSec)} after the cancel (default ${defaults.punishTimelock}).`} />
        <Field id="mo-fee" label="Bitcoin fee rate (sat/vB)" value={f.feeSatVb} onChange={set('feeSatVb')} problem={p('feeSatPerKvB')} hint={`${defaults.feeSource === 'estimate' ? `Your node estimates ${feeRateText(defaults.feeSatPerKvB)}` : `Your node has no estimate: the floor, ${feeRateText(defaults.feeSatPerKvB)}`}; ${feeRateText(defaults.minFeeSatPerKvB)} to ${feeRateText(defaults.maxFeeSatPerKvB)}.`} />
        <Field id="mo-expiry" label="Expires after (hours)" value={f.expiryHours} onChange={set('expiryHours')} problem={p('expiresInSec')} hint="No new take after this; running swaps go on." />
        <Field id="mo-port" label="Listen port" value={f.port} onChange={set('port')} problem={p('port')} hint={props.list.listening ? `Your wallet listens on ${props.list.listening.port}.` : 'Empty: any free port.'} />
        <Field id="mo-host" label="Address takers dial" value={f.host} onChange={set('host')} problem={p('host')} hint={defaults.host ? 'This machine (regtest).' : 'Your public DNS name or IP address: it goes into the offer.'} />
      </div>
      <Field id="mo-btc-address" label={f.makerRole === 'bob' ? 'Your Bitcoin refund address' : 'Your Bitcoin address (you receive BTC here)'} value={f.btcAddress} onChange={set('btcAddress')} problem={p('btcAddress')} hint="From your own wallet, on this network." />
      <Field id="mo-xmr-address" label={f.makerRole === 'bob' ? 'Your Monero address (you receive XMR here)' : 'Your Monero refund address'} value={f.xmrAddress} onChange={set('xmrAddress')} problem={p('xmrAddress')} hint="A standard address or subaddress from your own wallet." />
      <div className="actions">
        {defaults.network === 'regtest' && (
          <button type="button" className="secondary" data-testid="mo-sandbox-addresses" onClick={() => void fillFromSandbox()}>
            Use the sandbox wallet addresses
          </button>
        )}
        <ReasonButton id="mo-submit" testId="make-offer" reason={daemonReason ?? (busy ? 'Signing the offer…' : null)} onClick={() => void submit()}>
          Sign and publish the offer
        </ReasonButton>
      </div>
      {shown && (
        <p className="form-error" role="alert" data-testid="make-offer-error">
          {shown.message}
        </p>
      )}
    </section>
  );
}

function Direction(props: { value: 'alice' | 'bob'; onChange: (r: 'alice' | 'bob') => void }) {
  const choices = [
    { role: 'bob' as const, id: 'bob', label: 'Buy XMR with BTC', hint: 'Takers sell you XMR; you lock BTC from the swap’s funding address.' },
    { role: 'alice' as const, id: 'alice', label: 'Sell XMR for BTC', hint: 'Takers buy your XMR; you pay XMR into each swap’s funding wallet.' },
  ];
  return (
    <fieldset className="direction" data-testid="mo-direction">
      <legend>Which way?</legend>
      <div className="direction-choices">
        {choices.map((c) => (
          <div key={c.id} className={`direction-choice${props.value === c.role ? ' chosen' : ''}`}>
            <input id={`mo-direction-${c.id}`} type="radio" name="mo-direction" checked={props.value === c.role} aria-describedby={`mo-direction-${c.id}-hint`} data-testid={`mo-direction-${c.id}`} onChange={() => props.onChange(c.role)} />
            <label htmlFor={`mo-direction-${c.id}`}>{c.label}</label>
            <p id={`mo-direction-${c.id}-hint`} className="hint">
              {c.hint}
            </p>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function Field(props: { id: string; label: string; value: string; onChange: (v: string) => void; problem: string | null; hint: string }) {
  const { id } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        value={props.value}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={props.problem !== null || undefined}
        aria-describedby={`${id}-hint${props.problem ? ` ${id}-problem` : ''}`}
        data-testid={id}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <p id={`${id}-hint`} className="hint">
        {props.hint}
      </p>
      {props.problem && (
        <p id={`${id}-problem`} className="field-problem">
          {props.problem}
        </p>
      )}
    </div>
  );
}

/** The signed string to give to takers: copy it, or show its QR. */
function SignedOffer(props: { offer: MadeOffer }) {
  const o = props.offer;
  return (
    <section className="card" aria-labelledby="mo-signed-title" data-testid="signed-offer">
      <h2 id="mo-signed-title">Your signed offer</h2>
      <div className="fund-grid">
        <QrCode text={o.offer} label="QR code of your signed offer" size={220} />
        <div>
          <p>Give this text to takers. Anyone who has it can take the offer, up to {o.capacity} at once, until it expires or you revoke it.</p>
          <textarea readOnly rows={5} value={o.offer} className="mono" aria-label="Signed offer" data-testid="signed-offer-text" />
          <div className="actions">
            <CopyButton text={o.offer} label="Copy offer" testId="copy-offer" />
          </div>
        </div>
      </div>
    </section>
  );
}

function OfferList(props: { offers: MadeOffer[] }) {
  return (
    <section className="card" aria-labelledby="mo-list-title" data-testid="offer-list">
      <h2 id="mo-list-title">Offers you made</h2>
      {props.offers.length === 0 ? <p className="hint">None yet.</p> : (
        <ul className="mo-offers">
          {props.offers.map((o) => (
            <OfferRow key={o.offerId} offer={o} />
          ))}
        </ul>
      )}
    </section>
  );
}

function OfferRow(props: { offer: MadeOffer }) {
  const o = props.offer;
  const navigate = useApp((s) => s.navigate);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    const r = await api.invoke('offers:revoke', { offerId: o.offerId });
    setConfirming(false);
    setError(r.ok ? null : r.error.message);
  };
  const price = formatXmr((BigInt(o.xmrPiconero) * 100_000_000n) / BigInt(o.maxBtcSats));
  return (
    <li className="mo-offer" data-testid={`offer-${o.offerId}`} data-state={o.state}>
      <div className="mo-offer-head">
        <strong>{o.makerRole === 'bob' ? 'Buy XMR with BTC' : 'Sell XMR for BTC'}</strong>
        <span className={`badge ${o.state}`} data-testid="offer-state">{stateText(o)}</span>
      </div>
      <p>
        {formatBtc(o.minBtcSats)} to {formatBtc(o.maxBtcSats)} at {price} per BTC · fee {feeRateText(o.feeSatPerKvB)} · timelocks {o.cancelTimelock}/{o.punishTimelock} blocks · {o.maker} ·{' '}
        {o.state === 'expired' ? 'expired' : 'expires'} {new Date(o.expiresAt * 1000).toLocaleString()} · <span className="mono">{shortId(o.offerId)}</span>
      </p>
      {o.takes.length > 0 && (
        <ul className="mo-takes">
          {o.takes.map((t) => (
            <li key={t.swapId}>
              <a href={`#/swap/${t.swapId}`} data-testid={`take-${t.swapId}`} onClick={(e) => { e.preventDefault(); navigate({ name: 'swap', swapId: t.swapId }); }}>
                Swap {shortId(t.swapId)}
              </a>{' '}
              {formatBtc(t.btcSats)} for {formatXmr(t.xmrPiconero)} · {t.ended ? 'ended' : 'running'}
            </li>
          ))}
        </ul>
      )}
      {o.state !== 'revoked' && o.state !== 'expired' && !confirming && (
        <button type="button" className="secondary" data-testid="revoke" onClick={() => setConfirming(true)}>
          Revoke
        </button>
      )}
      {confirming && (
        <div className="confirm" role="group" aria-label="Revoke this offer?" data-testid="revoke-confirm">
          <p>Revoke this offer? Nobody can take it any more. Swaps of it already running go on to their end.</p>
          <div className="actions">
            <button type="button" className="danger" data-testid="revoke-yes" onClick={() => void revoke()}>Revoke the offer</button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>Keep it</button>
          </div>
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </li>
  );
}
