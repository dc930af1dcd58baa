// The restore report (shared/backup/restore-report.ts) as the page shows it: one line over the whole
// restore, then each swap with its verdict (resumes, finished, cannot be recovered) and, for the last,
// what the person can still do; with the words alone, that the wallet has no record of earlier swaps.
// Shown after a restore and kept (the restore screen, the Resume screen) until the person dismisses
// it. Guards: plain text only (no link or markup from the host); dismiss asks the host, which deletes it.
import { useEffect, useState } from 'react';
import type { RestoreReport } from '../../shared/backup/restore-report';
import { api } from '../api';
import { formatWhen, shortId } from '../logic/format';

const VERDICT_WORDS = { resumes: 'Resumes', finished: 'Finished', 'cannot-recover': 'Cannot be recovered' } as const;
const VERDICT_CLASS = { resumes: 'swapped', finished: 'open', 'cannot-recover': 'damaged' } as const;

export function RestoreReportView(props: { report: RestoreReport; onDismiss: () => void }) {
  const r = props.report;
  return (
    <section className="card restore-report" data-testid="restore-report" aria-labelledby="restore-report-title">
      <h2 id="restore-report-title">What the restore brought back</h2>
      <p data-testid="restore-report-headline">{r.headline}</p>
      <p className="hint">
        Restored {formatWhen(r.restoredAt, Date.now())}
        {r.backupWrittenAt !== null && <> from the backup written {formatWhen(r.backupWrittenAt, Date.now())}</>}.
      </p>
      {r.noRecord && (
        <div data-testid="restore-report-no-record">
          <p>{r.noRecord.text}</p>
          <h3>If a swap was running</h3>
          <ul>
            {r.noRecord.canDo.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      )}
      {r.swaps.length > 0 && (
        <ul className="restore-report-swaps" aria-label="Swaps in the restore">
          {r.swaps.map((s) => (
            <li key={s.swapId} data-testid={`restore-report-${s.swapId}`} data-verdict={s.verdict}>
              <h3>
                Swap <span className="mono">{shortId(s.swapId)}</span> <span className={`badge ${VERDICT_CLASS[s.verdict]}`}>{VERDICT_WORDS[s.verdict]}</span>
              </h3>
              <p>{s.detail}</p>
              {s.canDo.length > 0 && (
                <>
                  <p>What can still be done:</p>
                  <ul>
                    {s.canDo.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={props.onDismiss} data-testid="restore-report-dismiss">
          Dismiss this report
        </button>
      </div>
    </section>
  );
}

/** The kept report, read from the host (nothing shown when there is none). */
export function KeptRestoreReport(props: { report?: RestoreReport | null } = {}) {
  const [report, setReport] = useState<RestoreReport | null>(props.report ?? null);
  useEffect(() => {
    if (props.report) return setReport(props.report);
    void api.invoke('restore:report', {}).then((r) => r.ok && setReport(r.value));
  }, [props.report]);
  if (!report) return null;
  return <RestoreReportView report={report} onDismiss={() => void api.invoke('restore:dismiss', {}).then((r) => r.ok && setReport(null))} />;
}
