import { describe, expect, it } from 'vitest';
import type { SwapSummary } from '../../shared/ipc/channels';
import {
  blockSecondsOf,
  blocksTime,
  deadlineText,
  DEADLINE_WARN_BLOCKS,
  emptyNoticeMemory,
  loginItemFor,
  nearestDeadline,
  noticesFor,
  onWindowClose,
  quitConfirmation,
  startedHidden,
  STARTED_HIDDEN_FLAG,
  trayView,
  type NoticeMemory,
} from './background-policy';

const swap = (n: number, over: Partial<SwapSummary> = {}): SwapSummary => ({
  swapId: String(n).repeat(32).slice(0, 32),
  role: 'bob',
  stage: 'Waiting for the XMR lock',
  outcome: 'running',
  btcSats: '100000',
  xmrPiconero: '1000000000000',
  updatedAt: 1,
  next: 'Wait for the maker to lock the XMR.',
  blocksToDeadline: 40,
  needsAction: false,
  ...over,
});
const MAINNET = 600;

describe('closing the window', () => {
  it('hides to the tray while a swap is unfinished, and says so', () => {
    const d = onWindowClose([swap(1), swap(2, { outcome: 'swapped' })], false);
    expect(d).toEqual({ kind: 'hide', notice: expect.stringContaining('1 swap is not finished') });
    expect(onWindowClose([swap(1, { outcome: 'damaged' })], false).kind).toBe('hide');
  });
  it('closes when nothing is unfinished, or when the person already chose to quit', () => {
    expect(onWindowClose([], false)).toEqual({ kind: 'close' });
    expect(onWindowClose([swap(1, { outcome: 'refunded' }), swap(2, { outcome: 'archived' })], false)).toEqual({ kind: 'close' });
    expect(onWindowClose([swap(1)], true)).toEqual({ kind: 'close' });
  });
});

describe('deadline words', () => {
  it('turns blocks into time at the network pace, and none on regtest', () => {
    expect(blocksTime(5, MAINNET)).toBe('~50 min');
    expect(blocksTime(13, MAINNET)).toBe('~2 h 10 min');
    expect(blocksTime(72, MAINNET)).toBe('~12 h');
    expect(blocksTime(5, 0)).toBe('');
    expect(deadlineText(1, 0)).toBe('in 1 block');
    expect(deadlineText(3, 120)).toBe('in 3 blocks (~6 min)');
    expect(deadlineText(0, MAINNET)).toBe('now');
    expect([blockSecondsOf('mainnet'), blockSecondsOf('stagenet'), blockSecondsOf('regtest')]).toEqual([600, 600, 0]);
  });
  it('finds the nearest deadline among unfinished swaps only', () => {
    const list = [swap(1, { blocksToDeadline: 30 }), swap(2, { blocksToDeadline: 5, outcome: 'swapped' }), swap(3, { blocksToDeadline: 9 }), swap(4, { blocksToDeadline: null })];
    expect(nearestDeadline(list)?.swapId).toBe(swap(3).swapId);
    expect(nearestDeadline([swap(1, { blocksToDeadline: null })])).toBeNull();
  });
});

describe('tray', () => {
  it('lists each unfinished swap, nearest deadline first, with its stage and deadline', () => {
    const v = trayView([swap(1, { blocksToDeadline: 30 }), swap(2, { role: 'alice', blocksToDeadline: 6, needsAction: true, stage: 'Fund the XMR lock' }), swap(3, { outcome: 'swapped' })], MAINNET);
    expect(v.lines).toEqual([
      '22222222 selling XMR: Fund the XMR lock; safety deadline in 6 blocks (~1 h) (needs you)',
      '11111111 buying XMR: Waiting for the XMR lock; safety deadline in 30 blocks (~5 h)',
    ]);
    expect(v.tooltip).toBe('Swap Wallet: 2 swaps running; nearest safety deadline in 6 blocks (~1 h)');
  });
  it('says when no swap is running', () => {
    expect(trayView([swap(1, { outcome: 'refunded' })], MAINNET)).toEqual({ tooltip: 'Swap Wallet: no swap running', lines: ['No swap running'] });
  });
});

describe('quit confirmation', () => {
  it('asks nothing when no swap is unfinished', () => {
    expect(quitConfirmation([swap(1, { outcome: 'swapped' })], MAINNET)).toBeNull();
  });
  it('names the swap whose safety deadline is nearest, in blocks and time, with Keep running the default', () => {
    const q = quitConfirmation([swap(1, { blocksToDeadline: 50 }), swap(2, { blocksToDeadline: 7 })], MAINNET)!;
    expect(q.message).toBe('Quit with 2 swaps not finished?');
    expect(q.detail).toContain("swap 22222222's (buying XMR), in 7 blocks (~1 h 10 min)");
    expect(q.detail).toMatch(/lose the Bitcoin/);
    expect(q.buttons).toEqual(['Keep running', 'Quit anyway']);
    expect([q.defaultId, q.cancelId]).toEqual([0, 0]);
  });
  it('still asks for a swap with no deadline yet', () => {
    expect(quitConfirmation([swap(1, { blocksToDeadline: null })], MAINNET)?.detail).toMatch(/No deadline is near yet/);
  });
});

describe('notifications', () => {
  const hidden = { hidden: true, blockSeconds: MAINNET };
  const run = (steps: Array<{ swaps: SwapSummary[]; hidden?: boolean }>) => {
    let memory: NoticeMemory = emptyNoticeMemory();
    let prev: SwapSummary[] | null = null;
    const raised: string[][] = [];
    for (const s of steps) {
      const r = noticesFor(prev, s.swaps, memory, { ...hidden, hidden: s.hidden ?? true });
      raised.push(r.notices.map((n) => n.id));
      memory = r.memory;
      prev = s.swaps;
    }
    return raised;
  };

  it('raises a finished swap once, and not for swaps already finished at the first poll', () => {
    const r = run([{ swaps: [swap(1), swap(2, { outcome: 'refunded' })] }, { swaps: [swap(1, { outcome: 'swapped' }), swap(2, { outcome: 'refunded' })] }, { swaps: [swap(1, { outcome: 'swapped' })] }]);
    expect(r).toEqual([[], [`ended:${swap(1).swapId}`], []]);
  });

  it('raises a deadline once when it comes near, and again for the next deadline (the count went up)', () => {
    const id = swap(1).swapId;
    const r = run([
      { swaps: [swap(1, { blocksToDeadline: DEADLINE_WARN_BLOCKS + 1 })] },
      { swaps: [swap(1, { blocksToDeadline: DEADLINE_WARN_BLOCKS })] },
      { swaps: [swap(1, { blocksToDeadline: 3 })] },
      { swaps: [swap(1, { blocksToDeadline: 0 })] },
      { swaps: [swap(1, { blocksToDeadline: 80 })] },
      { swaps: [swap(1, { blocksToDeadline: 10 })] },
      { swaps: [swap(1, { blocksToDeadline: 9 })] },
    ]);
    expect(r).toEqual([[], [`deadline:${id}:0`], [], [], [], [`deadline:${id}:1`], []]);
  });

  it('raises nothing while the window is shown, and nothing stale when it is hidden later', () => {
    const r = run([
      { swaps: [swap(1, { blocksToDeadline: 20 })], hidden: false },
      { swaps: [swap(1, { blocksToDeadline: 5 })], hidden: false },
      { swaps: [swap(1, { outcome: 'swapped', blocksToDeadline: null })], hidden: false },
      { swaps: [swap(1, { outcome: 'swapped', blocksToDeadline: null })], hidden: true },
    ]);
    expect(r).toEqual([[], [], [], []]);
  });

  it('words a notification for the person: which swap, how near, what to do', () => {
    const r = noticesFor([swap(1)], [swap(1, { blocksToDeadline: 4, next: 'Wait for the maker to lock the XMR.' }), swap(2, { outcome: 'swapped' })], emptyNoticeMemory(), hidden);
    expect(r.notices).toEqual([
      { id: `deadline:${swap(1).swapId}:0`, title: 'Swap 11111111: safety deadline in 4 blocks (~40 min)', body: 'Wait for the maker to lock the XMR. Keep the wallet running until it is past.', swapId: swap(1).swapId },
    ]);
    const ended = noticesFor([swap(2)], [swap(2, { outcome: 'swapped' })], emptyNoticeMemory(), hidden).notices;
    expect(ended).toEqual([{ id: `ended:${swap(2).swapId}`, title: 'Swap 22222222 finished', body: 'Swap 22222222 (buying XMR) swapped: the coins are yours.', swapId: swap(2).swapId }]);
  });
});

describe('start at login', () => {
  it('follows Settings, hidden, with the flag a login start carries', () => {
    expect(loginItemFor({ startAtLogin: true })).toEqual({ openAtLogin: true, openAsHidden: true, args: [STARTED_HIDDEN_FLAG] });
    expect(loginItemFor({})).toEqual({ openAtLogin: false, openAsHidden: false, args: [] });
    expect(startedHidden(['electron', '.', STARTED_HIDDEN_FLAG], false)).toBe(true);
    expect(startedHidden(['electron', '.'], true)).toBe(true);
    expect(startedHidden(['electron', '.'], false)).toBe(false);
  });
});
