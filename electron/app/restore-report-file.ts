// The last restore's report on disk (`<data>/restore-report.json`): written after a restore, read by
// restore:report (the page shows it until the person dismisses it), removed by restore:dismiss.
// Guards: written atomically; a file that does not parse as a report is treated as none (and never
// trusted); it holds swap ids and plain words, no secret.
import fs from 'node:fs';
import path from 'node:path';
import { RestoreReportSchema, type RestoreReport } from '../../shared/backup/restore-report';
import { writeFileAtomic } from '../store/atomic-file';

const FILE = 'restore-report.json';

export function writeRestoreReport(dataDir: string, report: RestoreReport): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileAtomic(path.join(dataDir, FILE), JSON.stringify(report, null, 1));
}

export function readRestoreReport(dataDir: string): RestoreReport | null {
  try {
    const p = RestoreReportSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')));
    return p.success ? p.data : null;
  } catch {
    return null;
  }
}

/** True when there was one to dismiss. */
export function dismissRestoreReport(dataDir: string): boolean {
  try {
    fs.unlinkSync(path.join(dataDir, FILE));
    return true;
  } catch {
    return false;
  }
}
