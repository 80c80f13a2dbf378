import { describe, expect, it } from 'vitest';
import { BoundedLog } from '../src/http/bounded-log.js';

describe('BoundedLog', () => {
  it('keeps the newest entries through many drops, and counts the dropped ones', () => {
    const log = new BoundedLog<number>(3);
    for (let i = 0; i < 200; i++) log.push(i);
    expect(log.entries).toEqual([197, 198, 199]);
    expect(log.dropped).toBe(197);
    log.push(200);
    expect(log.entries).toEqual([198, 199, 200]);
  });

  it('replaces only entries it still keeps', () => {
    const log = new BoundedLog<string>(2);
    for (const entry of ['a', 'b', 'c']) log.push(entry);
    log.replaceLast((e) => e === 'a', 'A');
    log.replaceLast((e) => e === 'b', 'B');
    expect(log.entries).toEqual(['B', 'c']);
  });

  it('keeps nothing with a limit of 0 and everything with Infinity', () => {
    const none = new BoundedLog<number>(0);
    const all = new BoundedLog<number>(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 100; i++) {
      none.push(i);
      all.push(i);
    }
    expect(none.entries).toEqual([]);
    expect(none.dropped).toBe(100);
    expect(all.entries).toHaveLength(100);
  });
});
