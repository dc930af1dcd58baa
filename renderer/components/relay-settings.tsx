// The Nostr relays of the offer book in Settings: each relay with its state as the wallet's book last
// saw it (connected and its last event, connecting, failing with the last error) and where it comes
// from (your list, the network's defaults, the sandbox). Add (checked with RelayUrlSchema before
// anything is sent), remove, go back to the defaults, save with settings:set {relays}. The sandbox's
// local relay is shown but cannot be edited: the sandbox starts it and its makers publish there.
import { useEffect, useState, type ReactNode } from 'react';
import type { OfferBookView, RelayStatus } from '../../shared/ipc/book-channels';
import type { Settings } from '../../shared/ipc/channels';
import { api } from '../api';
import { usePoll } from './use-poll';
import { addRelay, draftList, RELAY_SOURCE_TEXT, relaysPatch, relayStateText, removeRelay, sameDraft, type RelayDraft } from '../logic/offer-book';
import { useApp } from '../store';

export function RelaySettings({ settings }: { settings: Settings }) {
  const [draft, setDraft] = useState<RelayDraft>(settings.relays ?? null);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [book, setBook] = useState<{ view: OfferBookView | null; error: string | null; at: number }>({ view: null, error: null, at: Date.now() });
  useEffect(() => setDraft(settings.relays ?? null), [settings]);
  usePoll(async () => {
    const r = await api.invoke('book:list', {});
    setBook((prev) => ({ view: r.ok ? r.value : prev.view, error: r.ok ? null : r.error.message, at: Date.now() }));
  }, 3000);

  const list = draftList(draft, settings.network);
  const statusOf = (url: string): RelayStatus | undefined => book.view?.relays.find((r) => r.url === url);
  const sandboxRelays = book.view?.relays.filter((r) => r.source === 'sandbox' && !list.includes(r.url)) ?? [];
  const changed = !sameDraft(draft, settings.relays ?? null);
  const stateLine = (url: string) => {
    const st = statusOf(url);
    if (st) return <span className={`relay-state ${st.status}`}>{relayStateText(st, book.at)}</span>;
    const saved = draftList(settings.relays ?? null, settings.network).includes(url);
    return <span className="hint">{!saved ? 'Not used until saved.' : book.error ? `State unknown: ${book.error}` : 'Not connected yet.'}</span>;
  };

  return (
    <section className="card form" aria-labelledby="relays-title" data-testid="relay-settings">
      <h2 id="relays-title">Offer book relays</h2>
      <p className="hint">
        The Offers screen reads makers&apos; offers from these Nostr relays, and your own offers are published there. A relay only ever sees offers: never a
        secret, an address or a swap&apos;s messages. Relays off this computer must use wss://.
      </p>
      <p className="hint" data-testid="relays-source">
        {draft === null ? `Using the ${settings.network} defaults${list.length === 0 ? ' (none: regtest has no public relays)' : ''}.` : 'Using your list.'}
      </p>
      <RelayList list={list} draft={draft} sandboxRelays={sandboxRelays} stateLine={stateLine} onRemove={(url) => setDraft(removeRelay(list, url))} />
      {list.length === 0 && sandboxRelays.length === 0 && <p className="hint">No relays: the Offers screen stays empty until you add one{settings.network === 'regtest' ? ' or turn the sandbox on' : ''}.</p>}
      <AddRelay list={list} onAdd={setDraft} />
      <div className="actions">
        <button type="button" data-testid="relays-defaults" disabled={draft === null} onClick={() => setDraft(null)}>
          Use the defaults
        </button>
        <button
          type="button"
          data-testid="save-relays"
          disabled={!changed || busy}
          onClick={() => {
            setBusy(true);
            setSaveError(null);
            void api
              .invoke('settings:set', relaysPatch(draft))
              .then((r) => {
                if (r.ok) useApp.setState({ settings: r.value });
                setSaveError(r.ok ? null : r.error.message);
              })
              .finally(() => setBusy(false));
          }}
        >
          {busy ? 'Saving…' : 'Save the relays'}
        </button>
      </div>
      {saveError && (
        <p className="form-error" role="alert" data-testid="relays-error">
          {saveError}
        </p>
      )}
    </section>
  );
}

function RelayList(props: { list: readonly string[]; draft: RelayDraft; sandboxRelays: RelayStatus[]; stateLine: (url: string) => ReactNode; onRemove: (url: string) => void }) {
  const { list, draft, sandboxRelays } = props;
  return (
    <ul className="relay-list" aria-label="Relays">
      {list.map((url) => (
        <li key={url} data-testid={`relay-${url}`}>
          <span>
            <span className="mono">{url}</span> <span className="hint">({draft === null ? RELAY_SOURCE_TEXT.default : RELAY_SOURCE_TEXT.settings})</span>
            <br />
            {props.stateLine(url)}
          </span>
          <button type="button" onClick={() => props.onRemove(url)}>
            Remove<span className="sr-only"> {url}</span>
          </button>
        </li>
      ))}
      {sandboxRelays.map((r) => (
        <li key={r.url} data-testid="relay-sandbox">
          <span>
            <span className="mono">{r.url}</span> <span className="hint">({RELAY_SOURCE_TEXT.sandbox}; started with the sandbox, not editable)</span>
            <br />
            {props.stateLine(r.url)}
          </span>
          <span />
        </li>
      ))}
    </ul>
  );
}

/** The address field: checked as the host checks it (RelayUrlSchema), the problem said beside it. */
function AddRelay({ list, onAdd }: { list: readonly string[]; onAdd: (list: string[]) => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const r = addRelay(list, text);
    if (!r.ok) return setProblem(r.problem);
    onAdd(r.list);
    setText('');
    setProblem(null);
  };
  return (
    <>
      <label htmlFor="relay-add">Add a relay</label>
      <input
        id="relay-add"
        value={text}
        placeholder="wss://relay.example.com"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem !== null || undefined}
        aria-describedby={problem ? 'relay-add-problem' : undefined}
        data-testid="relay-add"
        onChange={(e) => {
          setText(e.target.value);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') add();
        }}
      />
      {problem && (
        <p id="relay-add-problem" className="field-problem" data-testid="relay-add-problem">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="button" data-testid="relay-add-button" onClick={add}>
          Add
        </button>
      </div>
    </>
  );
}
