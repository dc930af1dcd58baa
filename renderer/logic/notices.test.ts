import { describe, expect, it } from 'vitest';
import type { AppStatus, SwapSummary, SwapView } from '../../shared/ipc/channels';
import { bannersOf, planNotifications, withFreshView, type Notice } from './notices';

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

describe('a fresher swap view applied to the app list and notices', () => {
  const id = 'a'.repeat(64);
  const summary = (stage: string): SwapSummary => ({ swapId: id, role: 'bob', stage, outcome: 'running', btcSats: '1', xmrPiconero: '1', updatedAt: 1, next: 'n', blocksToDeadline: null, needsAction: false });
  const view = (stage: string, asks: SwapView['asks']): SwapView =>
    ({ summary: summary(stage), warnings: [], asks }) as unknown as SwapView;
  const status = (notices: Notice[]): AppStatus => ({ daemon: { state: 'ready', message: '' }, chains: [], sandbox: { state: 'off', message: '' }, notices });
  const other: Notice = { id: 'btc:stalled', swapId: null, level: 'danger', message: 'stalled' };

  it('ends the fund notice as soon as the view has no fund ask, keeps the others, and takes the new summary', () => {
    const before = status([other, { id: `${id}:ask:fund`, swapId: id, level: 'info', message: 'Fund the swap' }]);
    const r = withFreshView([summary('Waiting for your BTC payment')], before, view('Funded; preparing the BTC lock', []));
    expect(r.status?.notices).toEqual([other]);
    expect(r.swaps.map((x) => x.stage)).toEqual(['Funded; preparing the BTC lock']);
  });
  it('returns the same objects when the view says what the app already shows', () => {
    const swaps = [summary('s')];
    const st = status([{ id: `${id}:ask:fund`, swapId: id, level: 'info', message: 'Fund the swap' }]);
    const r = withFreshView(swaps, st, view('s', [{ id: 'fund', title: 'Fund the swap', detail: 'd' }]));
    expect(r.swaps).toBe(swaps);
    expect(r.status).toBe(st);
  });
});
