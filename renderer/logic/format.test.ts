import { describe, expect, it } from 'vitest';
import { blocksToTime, feeRateText, formatBtc, formatDuration, formatWhen, formatXmr, piconeroToXmr, satsToBtc, sentence } from './format';

describe('amounts', () => {
  it('turns sats into BTC exactly', () => {
    expect(satsToBtc('150000000')).toBe('1.5');
    expect(satsToBtc('1')).toBe('0.00000001');
    expect(satsToBtc('0')).toBe('0');
    expect(satsToBtc('100000000')).toBe('1');
    expect(satsToBtc('2100000000000000')).toBe('21000000');
    expect(satsToBtc(123456789n)).toBe('1.23456789');
    expect(satsToBtc('000150000000')).toBe('1.5');
  });
  it('keeps every decimal when exact (what to pay)', () => {
    expect(satsToBtc('150000000', { exact: true })).toBe('1.50000000');
    expect(formatBtc('1000', { exact: true })).toBe('0.00001000 BTC');
  });
  it('turns piconero into XMR exactly', () => {
    expect(piconeroToXmr('1000000000000')).toBe('1');
    expect(piconeroToXmr('1')).toBe('0.000000000001');
    expect(piconeroToXmr('2500000000000')).toBe('2.5');
    expect(formatXmr('123456789012345')).toBe('123.456789012345 XMR');
    expect(piconeroToXmr('1', { exact: true })).toBe('0.000000000001');
  });
  it('never guesses at a malformed amount', () => {
    expect(satsToBtc('12a')).toBe('?');
    expect(satsToBtc('-5')).toBe('?');
  });
  it('shows the fee rate per vbyte', () => {
    expect(feeRateText(1000)).toBe('1 sat/vB');
    expect(feeRateText(12500)).toBe('12.5 sat/vB');
  });
});

describe('time', () => {
  it('turns blocks into approximate time', () => {
    expect(blocksToTime(6, 600)).toBe('6 blocks (about 1 h)');
    expect(blocksToTime(60, 0.5)).toBe('60 blocks (less than a minute)');
    expect(blocksToTime(1, 600)).toBe('1 block (about 10 min)');
    expect(blocksToTime(144, 600)).toBe('144 blocks (about 1 d)');
    expect(blocksToTime(20, 600)).toBe('20 blocks (about 3 h 20 min)');
  });
  it('says blocks only where they are mined on demand', () => {
    expect(blocksToTime(10, 0)).toBe('10 blocks (as fast as blocks are mined)');
  });
  it('rounds durations to what matters', () => {
    expect(formatDuration(30)).toBe('less than a minute');
    expect(formatDuration(90)).toBe('2 min');
    expect(formatDuration(3600 * 26)).toBe('1 d 2 h');
    expect(formatDuration(-1)).toBe('unknown');
  });
  it('says when in relative words, absolute past a day', () => {
    const now = Date.UTC(2026, 10, 25, 12);
    expect(formatWhen(now - 10_000, now)).toBe('just now');
    expect(formatWhen(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatWhen(now - 3 * 86_400_000, now)).toBe('2026-11-22 12:00 UTC');
  });
});

describe('sentence', () => {
  it('capitalizes and ends a daemon message', () => {
    expect(sentence('the daemon is not started')).toBe('The daemon is not started.');
    expect(sentence('Done!')).toBe('Done!');
    expect(sentence('  ')).toBe('');
  });
});
