// Restore the wallet from its 24 words (pasted or typed: line breaks, numbers' spacing and case
// forgiven) and, when the person has it, the encrypted backup file (read here, sent base64 over
// restore:run; the host checks it opens with these words' seed before changing anything, writes its
// swaps into an empty data folder and reopens the wallet on them). Then the restore report, kept until
// dismissed. Guards: the text lives only in the textarea's state and is cleared once restored; an
// error names a word by its position and never repeats the words; a file over the channel's bound is
// refused here before it is read; the host refuses to replace a seed while swaps are unfinished (it
// says so), so nothing here can overwrite a seed that holds funds.
import { useEffect, useState } from 'react';
import type { RestoreReport } from '../../shared/backup/restore-report';
import type { ChannelResponse } from '../../shared/ipc/channels';
import { RESTORE_BACKUP_MAX_BYTES } from '../../shared/ipc/restore-channels';
import type { SeedStatus } from '../../shared/ipc/seed-channels';
import { api } from '../api';
import { KeptRestoreReport } from '../components/restore-report';
import { ScreenHead } from '../components/screen-head';
import { useApp } from '../store';
import { WhatTheSeedBringsBack } from './seed';

export function RestoreScreen() {
  const navigate = useApp((s) => s.navigate);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<SeedStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [restored, setRestored] = useState<{ fingerprint: string; outcome: string } | null>(null);
  const [report, setReport] = useState<RestoreReport | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.invoke('seed:status', {}).then((r) => r.ok && setStatus(r.value));
  }, []);
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    const r = await runRestore(text, file);
    setBusy(false);
    if (!r.ok) return setProblem(r.message);
    setText('');
    setStatus(r.status);
    setRestored({ fingerprint: r.status.fingerprint, outcome: r.outcome });
    setReport(r.report);
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
        <BackupFileField onChange={(f) => (setFile(f), setProblem(null), setRestored(null))} />
        {problem && (
          <p id="restore-error" className="form-error" role="alert" data-testid="restore-error">
            {problem}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy || text.trim() === ''} data-testid="restore-submit">
            {busy ? 'Restoring…' : file ? 'Restore the seed and the backup' : 'Restore this seed'}
          </button>
          <a href="#/seed" className="secondary-link" onClick={(e) => (e.preventDefault(), navigate({ name: 'seed' }))}>
            Back to the seed
          </a>
        </div>
      </form>
      {restored && <Restored {...restored} withFile={report?.source === 'backup'} />}
      <KeptRestoreReport report={report} />
      <WhatTheSeedBringsBack />
    </div>
  );
}

function BackupFileField(props: { onChange: (f: File | null) => void }) {
  return (
    <div className="field">
      <label htmlFor="restore-file">The backup file (optional)</label>
      <input id="restore-file" data-testid="restore-file" type="file" accept=".enc,application/octet-stream" aria-describedby="restore-file-hint" onChange={(e) => props.onChange(e.target.files?.[0] ?? null)} />
      <p id="restore-file-hint" className="hint">
        <span className="mono">fcswap-backup.enc</span>, from the backup folder chosen in Settings. With it, every swap it holds comes back and each unfinished one resumes; it is checked against your words before anything changes, and taken only by a wallet with no swaps of its own yet.
      </p>
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

function Restored(props: { fingerprint: string; outcome: string; withFile: boolean }) {
  return (
    <section className="card" data-testid="restore-done" aria-live="polite">
      <h2>{props.outcome === 'same' ? 'This wallet already has that seed' : 'Seed restored'}</h2>
      <p>
        This wallet now uses the seed <span className="mono">{props.fingerprint}</span>, marked as backed up (you just typed all its words).{' '}
        {props.withFile ? 'The backup file\'s swaps are back in this wallet, which reopened on them: the report below says what happens to each.' : 'Swaps in flight come back only with the data folder or the backup file.'}
      </p>
    </section>
  );
}

/** restore:run with the words (numbering dropped) and the chosen file, if any. */
async function runRestore(text: string, file: File | null): Promise<({ ok: true } & ChannelResponse<'restore:run'>) | { ok: false; message: string }> {
  const backup = file ? await fileBase64(file) : null;
  if (backup && !backup.ok) return backup;
  const r = await api.invoke('restore:run', { words: text.replace(/\d+[.)]?/g, ' '), ...(file && backup?.ok ? { backup: { name: file.name.slice(0, 300), base64: backup.base64 } } : {}) });
  return r.ok ? { ok: true, ...r.value } : { ok: false, message: r.error.message };
}

/** The chosen file's bytes as base64, or why not (over the channel's bound: refused before it is read). */
async function fileBase64(f: File): Promise<{ ok: true; base64: string } | { ok: false; message: string }> {
  if (f.size > RESTORE_BACKUP_MAX_BYTES) return { ok: false, message: `${f.name} is ${(f.size / 1024 / 1024).toFixed(1)} MiB; a backup file is at most ${RESTORE_BACKUP_MAX_BYTES / 1024 / 1024} MiB. Choose fcswap-backup.enc from your backup folder.` };
  if (f.size === 0) return { ok: false, message: `${f.name} is empty: choose fcswap-backup.enc from your backup folder.` };
  try {
    const bytes = new Uint8Array(await f.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { ok: true, base64: btoa(bin) };
  } catch (e) {
    return { ok: false, message: `${f.name} could not be read (${e instanceof Error ? e.message : String(e)}): choose it again.` };
  }
}
