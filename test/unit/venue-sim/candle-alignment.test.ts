import { candleGrid, OANDA_ALIGNMENT, type CandleAlignment } from '../../../infra/venue-sim/price/candle-grid';
import { candles } from '../../../infra/venue-sim/price/candles';
import { PricePath } from '../../../infra/venue-sim/price/price-path';

const utc = (text: string): number => Date.parse(text);
const iso = (ms: number): string => new Date(ms).toISOString();
const starts = (granularity: Parameters<typeof candleGrid>[0], from: string, n: number, alignment: CandleAlignment = OANDA_ALIGNMENT): string[] => {
  const grid = candleGrid(granularity, alignment);
  const times = [grid.floor(utc(from))];
  while (times.length < n) times.push(grid.next(times.at(-1)!));
  return times.map(iso);
};

describe('venue simulator candle alignment (dailyAlignment, alignmentTimezone, weeklyAlignment)', () => {
  it('starts days at 17:00 New York by default, whose UTC hour follows daylight saving, and a day the clocks change is 25 hours', () => {
    expect(starts('D', '2026-07-15T12:00:00Z', 2)).toEqual(['2026-07-14T21:00:00.000Z', '2026-07-15T21:00:00.000Z']);
    expect(starts('D', '2026-01-15T12:00:00Z', 2)).toEqual(['2026-01-14T22:00:00.000Z', '2026-01-15T22:00:00.000Z']);
    // New York leaves daylight saving at 02:00 on Sunday 1 November 2026.
    expect(starts('D', '2026-10-31T22:00:00Z', 3)).toEqual(['2026-10-31T21:00:00.000Z', '2026-11-01T22:00:00.000Z', '2026-11-02T22:00:00.000Z']);
    // Havana skips its midnight on 8 March 2026: that day starts at the first instant after the gap, 01:00.
    const havana = { ...OANDA_ALIGNMENT, dailyHour: 0, timeZone: 'America/Havana' };
    expect(starts('D', '2026-03-07T12:00:00Z', 3, havana)).toEqual(['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });

  it('honours another hour and zone, and aligns H2 to H12 to the day while H1 and below stay on the hour and minute', () => {
    expect(starts('D', '2026-07-15T12:00:00Z', 1, { ...OANDA_ALIGNMENT, dailyHour: 0, timeZone: 'UTC' })).toEqual(['2026-07-15T00:00:00.000Z']);
    expect(starts('D', '2026-07-15T12:00:00Z', 1, { ...OANDA_ALIGNMENT, dailyHour: 8, timeZone: 'Europe/London' })).toEqual(['2026-07-15T07:00:00.000Z']);
    expect(starts('H4', '2026-07-15T12:00:00Z', 3)).toEqual(['2026-07-15T09:00:00.000Z', '2026-07-15T13:00:00.000Z', '2026-07-15T17:00:00.000Z']);
    expect(starts('H1', '2026-07-15T12:30:00Z', 1)).toEqual(['2026-07-15T12:00:00.000Z']);
    expect(starts('M15', '2026-07-15T12:31:00Z', 1)).toEqual(['2026-07-15T12:30:00.000Z']);
  });

  it('starts weeks on the weekly alignment day and months on the first, both at the daily hour', () => {
    // Wednesday 15 July 2026: the week began on Friday the 10th at 17:00 New York.
    expect(starts('W', '2026-07-15T12:00:00Z', 2)).toEqual(['2026-07-10T21:00:00.000Z', '2026-07-17T21:00:00.000Z']);
    expect(starts('W', '2026-07-15T12:00:00Z', 1, { ...OANDA_ALIGNMENT, weeklyDay: 'Monday' })).toEqual(['2026-07-13T21:00:00.000Z']);
    expect(starts('M', '2026-07-15T12:00:00Z', 2)).toEqual(['2026-07-01T21:00:00.000Z', '2026-08-01T21:00:00.000Z']);
    expect(starts('M', '2026-12-20T12:00:00Z', 2)).toEqual(['2026-12-01T22:00:00.000Z', '2027-01-01T22:00:00.000Z']);
  });

  it('builds a day and a week from exactly the seconds of their hours', () => {
    const historyStartMs = utc('2026-10-01T00:00:00Z');
    const nowMs = utc('2026-11-05T03:00:00Z');
    const path = new PricePath(7, historyStartMs);
    const [day] = candles(path, 'EUR_USD', candleGrid('D', OANDA_ALIGNMENT), { fromMs: utc('2026-10-31T21:00:00Z'), count: 1 }, nowMs);
    const hours = candles(path, 'EUR_USD', candleGrid('H1', OANDA_ALIGNMENT), { fromMs: utc('2026-10-31T21:00:00Z'), toMs: utc('2026-11-01T22:00:00Z') }, nowMs);
    expect(hours).toHaveLength(25);
    expect(day!.mid).toEqual({ o: hours[0]!.mid!.o, c: hours[24]!.mid!.c, h: Math.max(...hours.map((h) => h.mid!.h)), l: Math.min(...hours.map((h) => h.mid!.l)) });
    expect(day!.volume).toBe(hours.reduce((sum, h) => sum + h.volume, 0));
    const [week] = candles(path, 'EUR_USD', candleGrid('W', OANDA_ALIGNMENT), { fromMs: utc('2026-10-23T21:00:00Z'), count: 1 }, nowMs);
    const days = candles(path, 'EUR_USD', candleGrid('D', OANDA_ALIGNMENT), { fromMs: utc('2026-10-23T21:00:00Z'), count: 7 }, nowMs);
    expect([week!.complete, week!.mid!.o, week!.mid!.c]).toEqual([true, days[0]!.mid!.o, days[6]!.mid!.c]);
  });
});
