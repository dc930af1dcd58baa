// The taker's amount inside a standing offer's range: the wizard asks it when the offer is a range
// (renderer/logic/make-offer.ts `takeAmount` checks it and prices it at the offer's rate).
import type { OfferReview } from '../../shared/ipc/channels';
import { formatBtc, formatXmr } from '../logic/format';
import { takeAmount } from '../logic/make-offer';

export function TakeAmount(props: { review: OfferReview; value: string; onChange: (v: string) => void }) {
  const r = props.review;
  const a = takeAmount(r, props.value);
  const xmrVerb = r.yourRole === 'bob' ? 'you receive' : 'you send';
  return (
    <div className="field">
      <label htmlFor="take-amount">Amount (BTC)</label>
      <input
        id="take-amount"
        value={props.value}
        inputMode="decimal"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={!a.ok || undefined}
        aria-describedby={`take-amount-hint${a.ok ? '' : ' take-amount-problem'}`}
        data-testid="take-amount"
        onChange={(e) => props.onChange(e.target.value)}
      />
      <p id="take-amount-hint" className="hint">
        This offer takes {formatBtc(r.minBtcSats ?? r.btcSats)} to {formatBtc(r.btcSats)}.{a.ok ? ` For ${formatBtc(a.sats)} ${xmrVerb} ${formatXmr(a.xmr)}.` : ''}
      </p>
      {!a.ok && (
        <p id="take-amount-problem" className="field-problem">
          {a.problem}
        </p>
      )}
    </div>
  );
}
