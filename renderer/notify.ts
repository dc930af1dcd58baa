// Desktop notifications for new warning/danger notices, once per notice id, and only when the person
// granted permission (asked once, from Settings). Clicking one opens the swap it is about.
import { planNotifications, type Notice } from './logic/notices';

let seen: ReadonlySet<string> = new Set();

export const notificationsSupported = (): boolean => typeof Notification !== 'undefined';

export function notifyNew(notices: readonly Notice[], open: (swapId: string | null) => void): void {
  const plan = planNotifications(seen, notices);
  // Marked seen even without permission: granting it later must not replay a backlog at once.
  seen = plan.seen;
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  for (const n of plan.notify) {
    const note = new Notification(n.level === 'danger' ? 'Swap wallet: action needed' : 'Swap wallet', { body: n.message, tag: n.id });
    note.onclick = () => {
      window.focus();
      open(n.swapId);
    };
  }
}
