// Deterministic syncer task ids (`<swapId>:<chain>:<kind>:<name>[:<attempt>]`) and the abstract label
// of every output, the vocabulary the net tables and the state-space rules are written in.
// Guards idempotence: re-sending a watch re-uses its id; a re-broadcast gets a new attempt number.
import type { SwapId, TaskId } from '../ids';
import type { Emit } from './transcript';

export type ChainName = 'btc' | 'xmr';

export const taskId = (swapId: SwapId, chain: ChainName, kind: string, name: string, attempt?: number): TaskId =>
  (attempt === undefined ? `${swapId}:${chain}:${kind}:${name}` : `${swapId}:${chain}:${kind}:${name}:${attempt}`) as TaskId;

export interface ParsedTaskId {
  readonly swapId: string;
  readonly chain: string;
  readonly kind: string;
  readonly name: string;
  readonly attempt: number | null;
}

export function parseTaskId(id: string): ParsedTaskId | null {
  const p = id.split(':');
  if (p.length < 4 || p.length > 5) return null;
  const attempt = p[4] === undefined ? null : Number(p[4]);
  if (attempt !== null && !Number.isInteger(attempt)) return null;
  return { swapId: p[0] ?? '', chain: p[1] ?? '', kind: p[2] ?? '', name: p[3] ?? '', attempt };
}

/** `btc:broadcast:lock`, `client:fund`, `peer:abort`, `checkpoint:pre-lock`, `timer:retry`. */
export function labelOf(body: Emit): string {
  switch (body.kind) {
    case 'client-request':
      return `client:${body.request.kind}`;
    case 'peer-out':
      return `peer:${body.msg.type}`;
    case 'checkpoint':
      return `checkpoint:${body.name}`;
    case 'timer-set':
      return `timer:${body.timer.kind}`;
    case 'btc-task':
    case 'xmr-task': {
      const p = parseTaskId(body.task.id);
      return p ? `${p.chain}:${p.kind}:${p.name}` : `${body.kind}:?`;
    }
  }
}
