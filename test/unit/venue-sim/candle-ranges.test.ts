import { candleGrid } from '../../../infra/venue-sim/price/candle-grid';
import { candleStartTimes } from '../../../infra/venue-sim/price/candles';
import { PricePath } from '../../../infra/venue-sim/price/price-path';

const HOUR_MS = 3_600_000;
const HISTORY_START_MS = Date.UTC(2026, 0, 1);
const NOW_MS = HISTORY_START_MS + 10 * HOUR_MS + 25 * 60_000; // 10:25 on the first day of history
const at = (hour: number): number => HISTORY_START_MS + hour * HOUR_MS;
const utc = (granularity: 'H1' | 'H4' | 'M30') => candleGrid(granularity, { dailyHour: 0, timeZone: 'UTC', weeklyDay: 'Friday' });

describe('venue simulator candle selection (v20 count / from / to rules)', () => {
  const path = new PricePath(1, HISTORY_START_MS);

  it('returns the last `count` candles up to the one in progress, never before the history start', () => {
    expect(candleStartTimes(path, 'EUR_USD', utc('H1'), { count: 3 }, NOW_MS)).toEqual([at(8), at(9), at(10)]);
    expect(candleStartTimes(path, 'EUR_USD', utc('H1'), { count: 500 }, NOW_MS)).toHaveLength(11);
  });

  it('counts forward from `from` (inclusive unless includeFirst is false) and back from `to` (exclusive)', () => {
    expect(candleStartTimes(path, 'EUR_USD', utc('H1'), { fromMs: at(2), count: 2 }, NOW_MS)).toEqual([at(2), at(3)]);
    expect(candleStartTimes(path, 'EUR_USD', utc('H1'), { fromMs: at(2), count: 2, includeFirst: false }, NOW_MS)).toEqual([at(3), at(4)]);
    expect(candleStartTimes(path, 'EUR_USD', utc('H1'), { fromMs: at(2) + 1, count: 1 }, NOW_MS)).toEqual([at(3)]);
    expect(candleStartTimes(path, 'EUR_USD', utc('H1'), { toMs: at(5), count: 2 }, NOW_MS)).toEqual([at(3), at(4)]);
  });

  it('returns every candle between `from` and `to`, clipped at now', () => {
    expect(candleStartTimes(path, 'EUR_USD', utc('H4'), { fromMs: at(0), toMs: at(12) }, NOW_MS)).toEqual([at(0), at(4), at(8)]);
    expect(candleStartTimes(path, 'EUR_USD', utc('M30'), { fromMs: at(9), toMs: at(11) }, NOW_MS)).toEqual([at(9), at(9.5), at(10)]);
  });
});
