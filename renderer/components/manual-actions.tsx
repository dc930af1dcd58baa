// The swap page's manual commands: cancel, refund (the BTC seller) or punish (the XMR seller) now,
// each behind a confirmation that says what it does. The wallet normally does each by itself when its
// timelock opens; these are for acting at once, or when its automation is stuck. The host feeds the
// command to the swap's daemon (swap:manual), which records it before broadcasting, or refuses it with
// the reason (a timelock not open yet, a transaction not confirmed yet, already refunded), shown here.
// Shown only while the swap runs with BTC locked (the lock or the cancel output unspent).
import { useState } from 'react';
import type { SwapView } from '../../shared/ipc/channels';
import type { ManualResultView } from '../../shared/ipc/manual-channels';
import { api } from '../api';

type Action = ManualResultView['action'];

const WORDS: Readonly<Record<Action, { button: string; confirm: string; yes: string }>> = {
  cancel: {
    button: 'Cancel now',
    confirm: 'Broadcast the cancel transaction now. It is valid only once the cancel timelock opened; after it the swap can only end by refund or punish, never by the exchange. The wallet does this by itself when the timelock opens: use it if that did not happen.',
    yes: 'Broadcast cancel',
  },
  refund: {
    button: 'Refund now',
    confirm: 'Broadcast the refund transaction now: your BTC comes back to your refund address. Valid once the cancel transaction has a block. The wallet does this by itself: use it if that did not happen.',
    yes: 'Broadcast refund',
  },
  punish: {
    button: 'Punish now',
    confirm: 'Broadcast the punish transaction now: the BTC becomes yours, and your XMR stays locked unless the other side ever refunds. Valid once the punish timelock opened and no refund was seen. The wallet does this by itself: use it if that did not happen.',
    yes: 'Broadcast punish',
  },
};

export function ManualActions(props: { view: SwapView }) {
  const { view } = props;
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const locked = view.marking.includes('L') || view.marking.includes('C');
  if (view.summary.outcome !== 'running' || !locked) return null;
  const actions: Action[] = view.summary.role === 'bob' ? ['cancel', 'refund'] : ['cancel', 'punish'];
  const run = async (action: Action) => {
    setConfirming(null);
    setBusy(true);
    const r = await api.invoke('swap:manual', { swapId: view.summary.swapId, action });
    setBusy(false);
    if (!r.ok) return setNote({ ok: false, text: r.error.message });
    const v = r.value;
    setNote({ ok: true, text: `${action} ${v.txid} recorded and sent to your node${v.inMempool ? ' (the node had it already)' : ''}. ${v.warning ? `${v.warning} ` : ''}${v.next}` });
  };
  return (
    <section className="card" aria-labelledby="manual-title">
      <h2 id="manual-title">Act now</h2>
      {confirming === null ? (
        <div className="actions">
          {actions.map((a) => (
            <button key={a} type="button" className="secondary" data-testid={`manual-${a}`} disabled={busy} onClick={() => setConfirming(a)}>
              {WORDS[a].button}
            </button>
          ))}
        </div>
      ) : (
        <div className="actions" role="group" aria-label={`Confirm ${WORDS[confirming].button.toLowerCase()}`}>
          <span>{WORDS[confirming].confirm}</span>
          <button type="button" data-testid={`manual-${confirming}-confirm`} onClick={() => void run(confirming)}>
            {WORDS[confirming].yes}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(null)}>
            Not now
          </button>
        </div>
      )}
      {note && (
        <p className={note.ok ? 'note' : 'form-error'} role={note.ok ? 'status' : 'alert'} data-testid="manual-note">
          {note.text}
        </p>
      )}
    </section>
  );
}
