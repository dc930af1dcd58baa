import { describe, expect, it } from 'vitest';
import { daemonRecord, signerRecord, textRecord, workerRecord } from './records';

const SWAP = 'aa'.repeat(16);

describe('log records', () => {
  it('a swap node line keeps its component, event, swap, seq and node; its detail is the message', () => {
    expect(daemonRecord({ component: 'client', level: 'error', event: 'datum-failed', swapId: SWAP, seq: 3, detail: 'no utxo', node: 'wallet' })).toEqual({
      level: 'error',
      component: 'client',
      event: 'datum-failed',
      swapId: SWAP,
      seq: 3,
      node: 'wallet',
      msg: 'no utxo',
    });
    expect(daemonRecord({ component: 'syncer-btc', level: 'debug', event: 'health' })).toEqual({ level: 'debug', component: 'syncer-btc', event: 'health' });
  });

  it('a worker line names its chain, and its swap when the message names a task', () => {
    expect(workerRecord({ chain: 'xmr', level: 'warn', message: `xmr sweep ${SWAP}:xmr:sweep:refund: busy; retrying next block` })).toEqual({
      level: 'warn',
      component: 'syncer-xmr',
      event: 'worker-log',
      swapId: SWAP,
      msg: `xmr sweep ${SWAP}:xmr:sweep:refund: busy; retrying next block`,
    });
    expect(workerRecord({ chain: 'btc', level: 'loud', message: 'btc worker 12 exited (1); restarting' })).toEqual({
      level: 'info',
      component: 'syncer-btc',
      event: 'worker-log',
      msg: 'btc worker 12 exited (1); restarting',
    });
  });

  it("the signer's JSON lines are re-logged field by field; other output as text", () => {
    expect(signerRecord(JSON.stringify({ component: 'signer', level: 'warn', event: 'refused', swapId: SWAP, fp: 'ab12', detail: 'not approved' }))).toEqual({
      level: 'warn',
      component: 'signer',
      event: 'refused',
      swapId: SWAP,
      fp: 'ab12',
      msg: 'not approved',
    });
    expect(signerRecord('Error: boom')).toEqual({ level: 'info', component: 'signer', event: 'output', msg: 'Error: boom' });
    expect(signerRecord('[1,2]')).toEqual({ level: 'info', component: 'signer', event: 'output', msg: '[1,2]' });
    expect(textRecord('host', 'detail', 'stopping')).toEqual({ level: 'info', component: 'host', event: 'detail', msg: 'stopping' });
  });
});
