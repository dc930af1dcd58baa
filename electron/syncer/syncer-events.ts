// How a syncer worker sends events to its supervisor: schema-checked, and (for backend events) only when they are news for their task.
// Invariant: a malformed event is a backend bug: logged, never sent; a backend repeating itself sends nothing.
import type { TaskId } from '../../shared/ids';
import { SyncerEventSchema, type SyncerEvent } from '../../shared/syncer/messages';
import type { TaskTable } from '../../shared/syncer/task-table';
import { describeZodError, type FromWorker } from '../../shared/syncer/worker-protocol';
import type { Emit, Log } from './chain-backend';

export type SendEvent = (ev: SyncerEvent) => void;

export function eventSender(send: (m: FromWorker) => void, log: Log): SendEvent {
  return (ev) => {
    // The worker checks what it sends too: a malformed event is a backend bug, logged, not sent.
    const p = SyncerEventSchema.safeParse(ev);
    if (!p.success) {
      log('error', `dropping malformed ${ev.kind} event: ${describeZodError(p.error)}`);
      return;
    }
    send({ type: 'event', event: p.data });
  };
}

/** The backend's emit: recorded in the task table first, sent only if it changed what the task last said. */
export function backendEmit<T extends { readonly id: TaskId; readonly kind: string }>(table: TaskTable<T>, sendEvent: SendEvent): Emit {
  return (ev) => {
    if (table.record(ev)) sendEvent(ev);
  };
}
