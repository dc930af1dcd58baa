// The syncer's table of live tasks and the last event each produced, shared by the worker and the supervisor.
// Invariant: a task id has one effect however often it is sent; a repeat gets the recorded events replayed, a different task under the same id is refused.
import type { TaskId } from '../ids';
import type { SyncerEvent } from './messages';
import { canonicalJson } from '../canonical-json';

export type Admission =
  | { readonly kind: 'new' }
  /** Same id, same content: no new effect; these events (the latest per key) answer it at once. */
  | { readonly kind: 'duplicate'; readonly replay: readonly SyncerEvent[] }
  /** Same id, different content: a bug in the sender; the first task stays. */
  | { readonly kind: 'conflict'; readonly error: string };

interface Entry<T> {
  readonly task: T;
  readonly canonical: string;
  /** Latest event per replay key (see replayKey), in first-seen order. */
  readonly events: Map<string, SyncerEvent>;
}

/** Key under which an event replaces an earlier one of the same task: one per kind, per txid for tx events. */
export function replayKey(ev: SyncerEvent): string {
  return 'txid' in ev && ev.txid !== null ? `${ev.kind}:${ev.txid}` : ev.kind;
}

export { canonicalJson };

const eventTaskId = (ev: SyncerEvent): TaskId | null => ('taskId' in ev ? ev.taskId : null);

export class TaskTable<T extends { readonly id: TaskId; readonly kind: string }> {
  private readonly entries = new Map<TaskId, Entry<T>>();

  admit(task: T): Admission {
    const canonical = canonicalJson(task);
    const have = this.entries.get(task.id);
    if (!have) {
      this.entries.set(task.id, { task, canonical, events: new Map() });
      return { kind: 'new' };
    }
    if (have.canonical !== canonical) {
      return { kind: 'conflict', error: `task ${task.id}: a different ${have.task.kind} task already holds this id` };
    }
    return { kind: 'duplicate', replay: [...have.events.values()] };
  }

  /**
   * Record an event of a live task. Returns false when it repeats the latest event under its key (or
   * its task is unknown/aborted), so callers forward only news.
   */
  record(ev: SyncerEvent): boolean {
    const id = eventTaskId(ev);
    if (id === null) return true;
    const entry = this.entries.get(id);
    if (!entry) return false;
    const key = replayKey(ev);
    const prev = entry.events.get(key);
    if (prev && canonicalJson(prev) === canonicalJson(ev)) return false;
    entry.events.delete(key); // keep insertion order = order of last change
    entry.events.set(key, ev);
    return true;
  }

  /** Drop tasks; returns the ids that were live. */
  remove(target: TaskId | 'all'): TaskId[] {
    if (target === 'all') {
      const ids = [...this.entries.keys()];
      this.entries.clear();
      return ids;
    }
    return this.entries.delete(target) ? [target] : [];
  }

  has(id: TaskId): boolean {
    return this.entries.has(id);
  }

  get(id: TaskId): T | undefined {
    return this.entries.get(id)?.task;
  }

  tasks(): T[] {
    return [...this.entries.values()].map((e) => e.task);
  }

  events(id: TaskId): SyncerEvent[] {
    return [...(this.entries.get(id)?.events.values() ?? [])];
  }

  get size(): number {
    return this.entries.size;
  }
}
