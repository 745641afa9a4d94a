import { resolveVenueConfig } from '../../../infra/broker/venue-config';

describe('resolveVenueConfig', () => {
  it('defaults to the local simulator with its default token and first account', () => {
    expect(resolveVenueConfig({})).toEqual({
      venue: 'sim',
      restUrl: 'http://127.0.0.1:8090',
      streamUrl: 'http://127.0.0.1:8090',
      token: 'sim-token',
      accountId: '101-001-0000001-001',
      liveTradingEnabled: false,
      requestTimeoutMs: 5_000,
    });
  });

  it('points practice at OANDA fxpractice, with the stream on its own host', () => {
    const config = resolveVenueConfig({ BROKER_VENUE: 'practice', OANDA_API_KEY: 'k', OANDA_ACCOUNT_ID: '101-001-1-001', BROKER_REQUEST_TIMEOUT_MS: '2500' });
    expect(config).toMatchObject({
      venue: 'practice',
      restUrl: 'https://api-fxpractice.oanda.com',
      streamUrl: 'https://stream-fxpractice.oanda.com',
      token: 'k',
      accountId: '101-001-1-001',
      requestTimeoutMs: 2500,
    });
  });

  it('names the missing variable for practice', () => {
    expect(() => resolveVenueConfig({ BROKER_VENUE: 'practice' })).toThrow('BROKER_VENUE=practice needs OANDA_API_KEY');
    expect(() => resolveVenueConfig({ BROKER_VENUE: 'practice', OANDA_API_KEY: 'k' })).toThrow('needs OANDA_ACCOUNT_ID');
  });

  it('refuses live unless LIVE_TRADING_ENABLED is true, and then still needs a token', () => {
    expect(() => resolveVenueConfig({ BROKER_VENUE: 'live', OANDA_API_KEY: 'k', OANDA_ACCOUNT_ID: 'a' })).toThrow('set LIVE_TRADING_ENABLED=true');
    expect(() => resolveVenueConfig({ BROKER_VENUE: 'live', LIVE_TRADING_ENABLED: 'false', OANDA_API_KEY: 'k', OANDA_ACCOUNT_ID: 'a' })).toThrow('LIVE_TRADING_ENABLED');
    expect(() => resolveVenueConfig({ BROKER_VENUE: 'live', LIVE_TRADING_ENABLED: 'true', OANDA_API_KEY: ' ' })).toThrow('BROKER_VENUE=live needs OANDA_API_KEY');
    const live = resolveVenueConfig({ BROKER_VENUE: 'live', LIVE_TRADING_ENABLED: 'true', OANDA_API_KEY: 'k', OANDA_ACCOUNT_ID: 'a' });
    expect([live.restUrl, live.streamUrl, live.liveTradingEnabled]).toEqual(['https://api-fxtrade.oanda.com', 'https://stream-fxtrade.oanda.com', true]);
  });

  it('rejects values it does not understand, quoting them', () => {
    expect(() => resolveVenueConfig({ BROKER_VENUE: 'paper' })).toThrow('BROKER_VENUE must be one of sim, practice, live, got "paper"');
    expect(() => resolveVenueConfig({ LIVE_TRADING_ENABLED: 'yes' })).toThrow('LIVE_TRADING_ENABLED must be true or false, got "yes"');
    expect(() => resolveVenueConfig({ BROKER_REQUEST_TIMEOUT_MS: '-5' })).toThrow('BROKER_REQUEST_TIMEOUT_MS must be a positive whole number');
    // Longer requests could outlive the placement attempt's deadline, and so overlap the next attempt.
    expect(() => resolveVenueConfig({ BROKER_REQUEST_TIMEOUT_MS: '10001' })).toThrow(/BROKER_REQUEST_TIMEOUT_MS must be at most 10000 ms, got 10001: a placement attempt/);
    expect(resolveVenueConfig({ BROKER_REQUEST_TIMEOUT_MS: '10000' }).requestTimeoutMs).toBe(10_000);
  });

  it('lets the simulator url, token and account be overridden', () => {
    const config = resolveVenueConfig({ BROKER_URL: 'http://sim:9000', BROKER_TOKEN: 't', BROKER_ACCOUNT_ID: '101-001-0000001-002' });
    expect([config.restUrl, config.streamUrl, config.token, config.accountId]).toEqual(['http://sim:9000', 'http://sim:9000', 't', '101-001-0000001-002']);
  });
});
