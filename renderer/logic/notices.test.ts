import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../shared/ipc/channels';
import { bannersOf, planNotifications, type Notice } from './notices';

const n = (id: string, level: Notice['level']): Notice => ({ id, level, swapId: null, message: `m ${id}` });

describe('notification de-dup', () => {
  it('notifies each warning or danger once, never info', () => {
    const first = planNotifications(new Set(), [n('a', 'danger'), n('b', 'info'), n('c', 'warning')]);
    expect(first.notify.map((x) => x.id)).toEqual(['a', 'c']);
    const second = planNotifications(first.seen, [n('a', 'danger'), n('c', 'warning'), n('d', 'danger')]);
    expect(second.notify.map((x) => x.id)).toEqual(['d']);
    const third = planNotifications(second.seen, [n('a', 'danger')]);
    expect(third.notify).toEqual([]);
  });
  it('does not repeat an id given twice in one poll and leaves the input set alone', () => {
    const seen = new Set<string>();
    const p = planNotifications(seen, [n('x', 'danger'), n('x', 'danger')]);
    expect(p.notify).toHaveLength(1);
    expect(seen.size).toBe(0);
  });
});

describe('banners', () => {
  const base: AppStatus = { daemon: { state: 'ready', message: '' }, chains: [], sandbox: { state: 'off', message: '' }, notices: [] };
  it('shows nothing when all is well', () => {
    expect(bannersOf(base, null)).toEqual([]);
  });
  it('names an unavailable daemon, a stalled tip and an unreachable node', () => {
    const b = bannersOf(
      {
        ...base,
        daemon: { state: 'unavailable', message: 'no nodes' },
        chains: [
          { chain: 'btc', height: 10, status: 'stalled', message: 'no block for 2 h' },
          { chain: 'xmr', height: null, status: 'unreachable', message: 'connection refused' },
        ],
        notices: [n('k', 'danger')],
      },
      null,
    );
    expect(b.map((x) => [x.level, x.title])).toEqual([
      ['danger', 'Swap daemon unavailable'],
      ['warning', 'Bitcoin chain tip stalled'],
      ['danger', 'Monero node unreachable'],
      ['danger', 'Action needed'],
    ]);
  });
  it('shows a host that does not answer', () => {
    expect(bannersOf(null, { kind: 'host-unreachable', message: 'start it' })[0]?.level).toBe('danger');
  });
  it('tells a page opened without the printed link to open it', () => {
    expect(bannersOf(null, { kind: 'host-token', message: 'open it' })[0]).toMatchObject({ level: 'danger', title: 'Open the link the wallet printed' });
  });
});
