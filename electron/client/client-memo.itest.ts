// The client's memo on a real disk: a restarted client (a new process would do the same) finds
// its reveal and answers session-params identically instead of making new, different keys material.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileMemoStore } from './client-memo';
import { answer, as, client, deal } from '../../rigs/client/headless-client.helpers';

describe('FileMemoStore', () => {
  it('keeps its memo on disk: a restarted client reuses its reveal and answers the same', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-memo-'));
    try {
      const one = client(11, new FileMemoStore(dir) as never);
      await one.register(deal('alice'));
      const first = as(await answer(one, { kind: 'session-params' }), 'alice-session-params');
      const two = client(11, new FileMemoStore(dir) as never);
      await two.register(deal('alice'));
      const again = as(await answer(two, { kind: 'session-params' }), 'alice-session-params');
      // the DLEQ proof is randomized: an equal proof shows the memo, not a recomputation, answered
      expect(again.reveal.proof).toBe(first.reveal.proof);
      expect(again.commit).toEqual(first.commit);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

});
