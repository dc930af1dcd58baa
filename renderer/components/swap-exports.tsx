// The swap page's two exports, each behind a confirmation that says when it helps: the support file
// (redacted: no key, signature or raw transaction; safe to send) and the recovery file (the signed
// transactions the person may broadcast themselves and, once they own the XMR, its Monero keys: never
// to be sent to anyone). The host answers the JSON (swap:export-support / swap:export-recovery); the
// page saves it through a Blob download link, so no file path crosses the channel.
import { useState } from 'react';
import type { SwapView } from '../../shared/ipc/channels';
import { api } from '../api';

type Kind = 'support' | 'recovery';

const WORDS: Readonly<Record<Kind, { button: string; confirm: string; yes: string }>> = {
  support: {
    button: 'Export for support',
    confirm:
      'Save a file for support: this swap\'s steps, its wallet log lines, addresses, amounts and transaction ids. Keys, signatures and raw transactions are replaced by "[redacted]". Send it only to someone helping you with this swap.',
    yes: 'Save the support file',
  },
  recovery: {
    button: 'Export recovery data',
    confirm:
      'Save the signed transactions you may broadcast yourself (cancel and refund for the BTC seller; cancel, punish and buy for the XMR seller), each with when it becomes valid, and the Monero keys of the lock once the XMR is yours. It helps if this wallet cannot run any more before a deadline. Anyone holding the file can use it: keep it to yourself.',
    yes: 'Save the recovery file',
  },
};

function download(fileName: string, json: string): void {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function SwapExports(props: { view: SwapView }) {
  const swapId = props.view.summary.swapId;
  const [confirming, setConfirming] = useState<Kind | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (kind: Kind) => {
    setConfirming(null);
    const r = await api.invoke(kind === 'support' ? 'swap:export-support' : 'swap:export-recovery', { swapId });
    if (!r.ok) return setNote({ ok: false, text: r.error.message });
    download(r.value.fileName, r.value.json);
    setNote({ ok: true, text: `Saved ${r.value.fileName} to your downloads.` });
  };
  return (
    <section className="card" aria-labelledby="exports-title">
      <h2 id="exports-title">Exports</h2>
      {confirming === null ? (
        <div className="actions">
          <button type="button" className="secondary" data-testid="export-support" onClick={() => setConfirming('support')}>
            {WORDS.support.button}
          </button>
          <button type="button" className="secondary" data-testid="export-recovery" onClick={() => setConfirming('recovery')}>
            {WORDS.recovery.button}
          </button>
        </div>
      ) : (
        <div className="actions" role="group" aria-label={`Confirm ${WORDS[confirming].button.toLowerCase()}`}>
          <span>{WORDS[confirming].confirm}</span>
          <button type="button" data-testid={`export-${confirming}-confirm`} onClick={() => void save(confirming)}>
            {WORDS[confirming].yes}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      )}
      {note && (
        <p className={note.ok ? 'note' : 'form-error'} role={note.ok ? 'status' : 'alert'}>
          {note.text}
        </p>
      )}
    </section>
  );
}
