import { V20PayloadError, decimal, optionalDecimal, rfc3339, timeMs, wirePrice, wireUnits } from '../../../infra/broker/oanda/parse';

describe('OANDA wire parsing', () => {
  it('reads string decimals, including negatives and whole numbers', () => {
    expect(decimal('1.10523', 'bid')).toBe(1.10523);
    expect(decimal('-2500', 'units')).toBe(-2500);
    expect(decimal('0.0000', 'pl')).toBe(0);
    expect(optionalDecimal(undefined, 'price')).toBeUndefined();
  });

  it('fails on anything that is not a decimal, naming the field', () => {
    expect(() => decimal('', 'account.balance')).toThrow('OANDA field account.balance is not a decimal: ""');
    expect(() => decimal('1.2.3', 'bid')).toThrow(V20PayloadError);
    expect(() => decimal('NaN', 'bid')).toThrow('not a decimal');
    expect(() => decimal(undefined, 'account.NAV')).toThrow('OANDA field account.NAV is missing');
  });

  it('reads RFC3339 times with nanoseconds, truncating to milliseconds', () => {
    // 2016-06-22T18:41:29Z is 1466620889 s after the epoch.
    expect(timeMs('2016-06-22T18:41:29.264030555Z', 't')).toBe(1_466_620_889_264);
    expect(timeMs('2016-06-22T18:41:29Z', 't')).toBe(1_466_620_889_000);
    expect(timeMs('2016-06-22T18:41:29.5Z', 't')).toBe(1_466_620_889_500);
    expect(timeMs('2016-06-22T20:41:29.000000000+02:00', 't')).toBe(1_466_620_889_000);
  });

  it('rejects times that are not RFC3339, such as the UNIX format', () => {
    expect(() => timeMs('1466620889.264030555', 'price time')).toThrow('OANDA field price time is not an RFC3339 time: "1466620889.264030555"');
    expect(() => timeMs('2016-13-45T99:41:29Z', 'price time')).toThrow('not a valid time');
  });

  it('writes times, prices and units the way OANDA accepts them', () => {
    expect(rfc3339(1_466_620_889_264)).toBe('2016-06-22T18:41:29.264Z');
    expect(wirePrice('EUR_USD', 1.1)).toBe('1.10000');
    expect(wirePrice('USD_JPY', 151.23456)).toBe('151.235');
    expect(wireUnits('EUR_USD', -1000)).toBe('-1000');
    expect(wirePrice('NOT_LISTED', 0.123456789)).toBe('0.123456789');
  });
});
