// The wallet seed as 24 words: shown only after the person says nobody is watching, then checked by
// asking for 3 words at random positions (that marks it backed up: on a real network no swap starts
// before). Guards: the words live only in this screen's state while they are on screen (dropped when
// hidden or left); a wrong pick is named by its position, never answered with the right word.
import { useEffect, useState } from 'react';
import type { SeedStatus } from '../../shared/ipc/seed-channels';
import { pickPositions } from '../../shared/crypto/seed-backup-check';
import { api } from '../api';
import { ScreenHead } from '../components/screen-head';
import { useApp } from '../store';

type Step = { name: 'idle' } | { name: 'private' } | { name: 'words'; words: string[] } | { name: 'check'; positions: number[] } | { name: 'done' };

export function SeedScreen() {
  const navigate = useApp((s) => s.navigate);
  const [status, setStatus] = useState<SeedStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [step, setStep] = useState<Step>({ name: 'idle' });
  useEffect(() => {
    void api.invoke('seed:status', {}).then((r) => (r.ok ? setStatus(r.value) : setProblem(r.error.message)));
  }, []);
  const show = async () => {
    setProblem(null);
    const r = await api.invoke('seed:words', { confirm: true });
    if (!r.ok) return setProblem(r.error.message);
    setStep({ name: 'words', words: r.value.words });
  };
  return (
    <div className="screen" data-testid="screen-seed">
      <ScreenHead title="Wallet seed" lede="24 words that bring back this wallet's keys on any computer. Write them on paper, in order, and keep the paper where only you can reach it." />
      <SeedState status={status} />
      {problem && (
        <p className="form-error" role="alert" data-testid="seed-error">
          {problem}
        </p>
      )}
      {step.name === 'idle' && (
        <div className="actions">
          <button type="button" data-testid="seed-show" onClick={() => setStep({ name: 'private' })}>
            {status?.backedUp ? 'Show the words again' : 'Show the 24 words'}
          </button>
          <a href="#/restore" className="secondary-link" data-testid="seed-restore-link" onClick={(e) => (e.preventDefault(), navigate({ name: 'restore' }))}>
            Restore a wallet from its words instead
          </a>
        </div>
      )}
      {step.name === 'private' && (
        <div className="confirm" role="group" aria-labelledby="seed-private-title" data-testid="seed-private">
          <p id="seed-private-title">
            <strong>Is nobody watching?</strong> Anyone who sees these words (a person, a camera, a screen share) can take the funds of your swaps. Never type them into a website or send them to anyone, support included.
          </p>
          <div className="actions">
            <button type="button" className="danger" data-testid="seed-private-yes" onClick={() => void show()}>
              Nobody is watching: show them
            </button>
            <button type="button" className="secondary" onClick={() => setStep({ name: 'idle' })}>
              Not now
            </button>
          </div>
        </div>
      )}
      {step.name === 'words' && <SeedWords words={step.words} onWritten={() => setStep({ name: 'check', positions: pickPositions(Math.random) })} onHide={() => setStep({ name: 'idle' })} />}
      {step.name === 'check' && (
        <SeedCheck
          positions={step.positions}
          onBack={() => setStep({ name: 'private' })}
          onDone={(st) => {
            setStatus(st);
            setStep({ name: 'done' });
          }}
        />
      )}
      {step.name === 'done' && (
        <section className="card" data-testid="seed-done" aria-live="polite">
          <h2>Backed up</h2>
          <p>The words you picked match your seed. Keep the paper safe; you can show the words again here at any time.</p>
          <button type="button" className="secondary" onClick={() => setStep({ name: 'idle' })}>
            Done
          </button>
        </section>
      )}
      <WhatTheSeedBringsBack />
    </div>
  );
}

function SeedState(props: { status: SeedStatus | null }) {
  const s = props.status;
  if (!s) return <p className="hint">Reading the seed's state…</p>;
  return (
    <section className="card" data-testid="seed-state" data-backed-up={s.backedUp}>
      <p>
        Wallet <span className="mono">{s.fingerprint}</span>:{' '}
        {s.backedUp ? <strong className="ok-text">backed up</strong> : <strong className="warn-text">not backed up yet</strong>}
        {s.createdThisRun && ' (created at this start)'}.
      </p>
      {!s.backedUp && (
        <p className="hint">
          {s.required ? 'On this network no swap can start (taking or making an offer) until you have written the words down and checked three of them.' : 'On regtest swaps may start without it; on a real network they may not.'}
        </p>
      )}
    </section>
  );
}

function SeedWords(props: { words: string[]; onWritten: () => void; onHide: () => void }) {
  return (
    <section className="card" aria-labelledby="seed-words-title" data-testid="seed-words">
      <h2 id="seed-words-title">Your 24 words</h2>
      <ol className="seed-words">
        {props.words.map((w, i) => (
          <li key={i} data-testid={`seed-word-${i + 1}`}>
            <span className="seed-n">{i + 1}</span> <span className="mono">{w}</span>
          </li>
        ))}
      </ol>
      <p className="hint">Write them down in this order, with their numbers. No screenshot, no photo, no cloud note.</p>
      <div className="actions">
        <button type="button" data-testid="seed-written" onClick={props.onWritten}>
          I wrote them down: check me
        </button>
        <button type="button" className="secondary" data-testid="seed-hide" onClick={props.onHide}>
          Hide
        </button>
      </div>
    </section>
  );
}

function SeedCheck(props: { positions: number[]; onDone: (s: SeedStatus) => void; onBack: () => void }) {
  const [picked, setPicked] = useState<Record<number, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const r = await api.invoke('seed:confirm-backup', { picks: props.positions.map((position) => ({ position, word: (picked[position] ?? '').trim().toLowerCase() })) });
    setBusy(false);
    if (!r.ok) return setProblem(r.error.message);
    props.onDone(r.value);
  };
  return (
    <form
      className="card form"
      aria-labelledby="seed-check-title"
      data-testid="seed-check"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="seed-check-title">Check your written copy</h2>
      <p className="hint">The words are hidden now. From your paper, type the words at these positions.</p>
      <div className="seed-check-grid">
        {props.positions.map((p) => (
          <div className="field" key={p}>
            <label htmlFor={`seed-pick-${p}`}>Word {p}</label>
            <input
              id={`seed-pick-${p}`}
              data-testid={`seed-pick-${p}`}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={picked[p] ?? ''}
              onChange={(e) => {
                setPicked((o) => ({ ...o, [p]: e.target.value }));
                setProblem(null);
              }}
            />
          </div>
        ))}
      </div>
      {problem && (
        <p className="form-error" role="alert" data-testid="seed-check-error">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy} data-testid="seed-check-submit">
          Check
        </button>
        <button type="button" className="secondary" onClick={props.onBack}>
          Show the words again
        </button>
      </div>
    </form>
  );
}

/** Plain words on what the seed brings back and what it does not. */
export function WhatTheSeedBringsBack() {
  return (
    <section className="card" aria-labelledby="seed-what-title" data-testid="seed-what">
      <h2 id="seed-what-title">What the words bring back, and what they do not</h2>
      <ul>
        <li>They bring back the wallet's keys: the keys of every swap, the name your offers are published under, the Monero funding wallet of each swap.</li>
        <li>
          They do not bring back a swap in flight on their own: where each swap stands is kept in the wallet's data folder. To finish a swap on another computer you also need that folder, or the encrypted <strong>backup file</strong> the wallet writes to a folder you choose in Settings (opened with these words).
        </li>
        <li>They hold no coins themselves: finished swaps paid your own Bitcoin and Monero addresses, which your other wallets keep.</li>
      </ul>
    </section>
  );
}
