import { hotPathClientOrderId } from '../../../../domain/execution/client-order-id';

describe('hotPathClientOrderId', () => {
  it('is the same for the same account, instrument, bar and sequence, and different otherwise', () => {
    const id = hotPathClientOrderId('101-001-0000001-001', 'EUR_USD', 1_772_409_600_000, 0);
    expect(id).toBe('hp-101-001-0000001-001-EUR_USD-1772409600000-0');
    expect(hotPathClientOrderId('101-001-0000001-001', 'EUR_USD', 1_772_409_600_000, 0)).toBe(id);
    expect(hotPathClientOrderId('101-001-0000001-001', 'EUR_USD', 1_772_409_600_000, 1)).not.toBe(id);
    expect(hotPathClientOrderId('101-001-0000001-001', 'USD_JPY', 1_772_409_600_000, 0)).not.toBe(id);
  });

  it('refuses what would not be a valid or stable id', () => {
    expect(() => hotPathClientOrderId('a', 'EUR_USD', 1.5, 0)).toThrow('integer bar time');
    expect(() => hotPathClientOrderId('a', 'EUR_USD', 0, -1)).toThrow('non-negative integer sequence');
    expect(() => hotPathClientOrderId('x'.repeat(120), 'EUR_USD', 0, 0)).toThrow('longer than 128 characters');
  });
});
