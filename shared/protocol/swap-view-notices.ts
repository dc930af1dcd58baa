// The app-wide notices of one swap, read off its view: its warnings above info and its asks. Guards "a
// notice lives exactly as long as its condition": the host's app:status and the swap page (which holds a
// fresher view between status polls) both make them here, from the same view, so neither keeps one the
// view no longer holds (an ask ends with the payment that answers it).
import type { AppStatus, SwapView } from '../ipc/channels';

type Notice = AppStatus['notices'][number];

export function swapNotices(v: Pick<SwapView, 'summary' | 'warnings' | 'asks'>): Notice[] {
  if (v.summary.outcome !== 'running') return [];
  const id = v.summary.swapId;
  return [
    ...v.warnings.filter((w) => w.level !== 'info').map((w): Notice => ({ id: `${id}:${w.code}`, swapId: id, level: w.level, message: w.message })),
    ...v.asks.map((a): Notice => ({ id: `${id}:ask:${a.id}`, swapId: id, level: 'info', message: a.title })),
  ];
}

/** Whether a notice is one of this swap's own (made by `swapNotices`). */
export const isNoticeOf = (n: Pick<Notice, 'id' | 'swapId'>, swapId: string): boolean => n.swapId === swapId && n.id.startsWith(`${swapId}:`);
