// Restore the wallet seed from its 24 words (pasted or typed: line breaks, numbers' spacing and case
// forgiven). Guards: the text lives only in the textarea's state and is cleared once restored; an
// error names a word by its position and never repeats the words; the host refuses to replace a seed
// while swaps are unfinished (it says so), so nothing here can overwrite a seed that holds funds.
import { useEffect, useState } from 'react';
import type { SeedStatus } from '../../shared/ipc/seed-channels';
import { api } from '../api';
import { ScreenHead } from '../components/screen-head';
import { useApp } from '../store';
import { WhatTheSeedBringsBack } from './seed';

export function RestoreScreen() {
  const navigate = useApp((s) => s.navigate);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<SeedStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [restored, setRestored] = useState<{ fingerprint: string; outcome: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.invoke('seed:status', {}).then((r) => r.ok && setStatus(r.value));
  }, []);
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    const r = await api.invoke('seed:restore', { words: text.replace(/\d+[.)]?/g, ' ') });
    setBusy(false);
    if (!r.ok) return setProblem(r.error.message);
    setText('');
    setStatus(r.value.status);
    setRestored({ fingerprint: r.value.status.fingerprint, outcome: r.value.outcome });
  };
  return (
    <div className="screen" data-testid="screen-restore">
      <ScreenHead title="Restore from your words" lede="Type or paste the 24 words of a wallet seed. Line breaks, numbering and capitals do not matter; the order does." />
      {status && status.unfinishedSwaps > 0 && <Unfinished status={status} />}
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor="restore-words">Your 24 words</label>
          <textarea
            id="restore-words"
            data-testid="restore-words"
            rows={5}
            className="mono"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={text}
            aria-invalid={problem !== null || undefined}
            aria-describedby={problem ? 'restore-error' : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setProblem(null);
              setRestored(null);
            }}
          />
        </div>
        {problem && (
          <p id="restore-error" className="form-error" role="alert" data-testid="restore-error">
            {problem}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy || text.trim() === ''} data-testid="restore-submit">
            Restore this seed
          </button>
          <a href="#/seed" className="secondary-link" onClick={(e) => (e.preventDefault(), navigate({ name: 'seed' }))}>
            Back to the seed
          </a>
        </div>
      </form>
      {restored && <Restored {...restored} />}
      <WhatTheSeedBringsBack />
    </div>
  );
}

function Unfinished(props: { status: SeedStatus }) {
  const n = props.status.unfinishedSwaps;
  return (
    <p className="banner warning" data-testid="restore-unfinished">
      This wallet has {n} unfinished swap{n === 1 ? '' : 's'} made with its current seed (wallet <span className="mono">{props.status.fingerprint}</span>). A different seed will be refused until they finish.
    </p>
  );
}

function Restored(props: { fingerprint: string; outcome: string }) {
  return (
    <section className="card" data-testid="restore-done" aria-live="polite">
      <h2>{props.outcome === 'same' ? 'This wallet already has that seed' : 'Seed restored'}</h2>
      <p>
        This wallet now uses the seed <span className="mono">{props.fingerprint}</span>, marked as backed up (you just typed all its words). Swaps in flight come back only with the data folder or the backup file.
      </p>
    </section>
  );
}
