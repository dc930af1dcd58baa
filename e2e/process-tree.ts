// The process tree below a pid, from /proc (Linux): what a test kills or expects gone.
import { readFileSync } from 'node:fs';

/** Every process below `pid`, from /proc. */
export function descendants(pid: number): number[] {
  const all: number[] = [];
  const walk = (p: number) => {
    let kids: number[] = [];
    try {
      kids = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      /* gone */
    }
    for (const c of kids) {
      all.push(c);
      walk(c);
    }
  };
  walk(pid);
  return all;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export function kill9(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}
