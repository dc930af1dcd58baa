// The swap page's manual commands: offered per role only while BTC is locked and the swap runs.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { swapView } from '../../shared/protocol/swap-view';
import { Run, txConfs } from '../../rigs/protocol/decider.helpers';
import { ManualActions } from './manual-actions';

// The page's api module reads window at load: the Electron preload's stand-in (nothing is invoked here).
vi.hoisted(() => void ((globalThis as { window?: unknown }).window = { swapApi: {} }));

const viewOf = (r: Run) => swapView({ state: r.state, genesisCreatedAt: 0, updatedAt: 0, live: true });

describe('ManualActions', () => {
  it('Bob after his lock: cancel and refund, each a button (the confirmation comes on click)', () => {
    const html = renderToStaticMarkup(<ManualActions view={viewOf(Run.atLock('bob'))} />);
    expect(html).toContain('data-testid="manual-cancel"');
    expect(html).toContain('data-testid="manual-refund"');
    expect(html).not.toContain('manual-punish');
    expect(html).not.toContain('manual-cancel-confirm');
  });
  it('Alice after the lock: cancel and punish', () => {
    const html = renderToStaticMarkup(<ManualActions view={viewOf(Run.atLock('alice'))} />);
    expect(html).toContain('data-testid="manual-punish"');
    expect(html).not.toContain('manual-refund');
  });
  it('nothing before the lock, nothing once the swap ended', () => {
    const early = Run.start('bob');
    expect(renderToStaticMarkup(<ManualActions view={viewOf(early)} />)).toBe('');
    const r = Run.atLock('bob');
    r.feed(txConfs(r.state, 'lock', 10));
    r.feed(txConfs(r.state, 'cancel', 1));
    r.feed(txConfs(r.state, 'refund', 1));
    expect(renderToStaticMarkup(<ManualActions view={viewOf(r)} />)).toBe('');
  });
});
