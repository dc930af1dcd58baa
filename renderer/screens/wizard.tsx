// The guided swap: offer -> review -> addresses -> fund -> progress -> done. Every button says why
// it is disabled when its step cannot run yet.
import { useState } from 'react';
import { useApp } from '../store';

const STEPS = [
  { id: 'offer', title: 'Offer', text: 'Paste an offer from a maker, or pick the local sandbox maker on regtest.' },
  { id: 'review', title: 'Review', text: 'Amounts, fees and timelocks, explained in plain words before you commit.' },
  { id: 'addresses', title: 'Addresses', text: 'Where you receive, and where a refund goes if the swap is cancelled.' },
  { id: 'fund', title: 'Fund', text: 'The exact amount to send, with an address and QR code.' },
  { id: 'progress', title: 'Progress', text: 'Each step with confirmations, timelock bars, and what happens next.' },
  { id: 'done', title: 'Done', text: 'The outcome and every transaction id.' },
] as const;

export function Wizard() {
  const [offer, setOffer] = useState('');
  const swaps = useApp((s) => s.swaps);
  const disabledReason = 'No swap daemon is attached to this window yet, so an offer cannot be accepted.';
  return (
    <div className="screen" data-testid="screen-wizard">
      <header className="screen-head">
        <h1>New swap</h1>
        <p className="lede">Swap Bitcoin and Monero with a counterparty, with no one in the middle holding your coins.</p>
      </header>
      <ol className="stepper" aria-label="Swap steps">
        {STEPS.map((s, i) => (
          <li key={s.id} className={i === 0 ? 'current' : ''} aria-current={i === 0 ? 'step' : undefined}>
            <span className="step-num">{i + 1}</span>
            <span className="step-title">{s.title}</span>
            <span className="step-text">{s.text}</span>
          </li>
        ))}
      </ol>
      <section className="card">
        <label htmlFor="offer">Offer</label>
        <textarea
          id="offer"
          rows={3}
          placeholder="fcswap1…"
          value={offer}
          onChange={(e) => setOffer(e.target.value)}
          spellCheck={false}
        />
        <div className="actions">
          <button type="button" disabled aria-describedby="offer-why">
            Review offer
          </button>
          <span id="offer-why" className="why">
            {disabledReason}
          </span>
        </div>
        {swaps.length > 0 && <p className="hint">You have {swaps.length} swap(s) already; see Resume.</p>}
      </section>
    </div>
  );
}
