import { resolveVenueConfig } from '../../../infra/broker/venue-config';

describe('resolveVenueConfig', () => {
  it('defaults to the local simulator with its default token and first account', () => {
    expect(resolveVenueConfig({})).toEqual({
      venue: 'sim',
      restUrl: 'http://127.0.0.1:8090',
      streamUrl: 'http://127.0.0.1:8090',
      accounts: [{ id: '101-001-0000001-001', credential: 'BROKER_TOKEN', token: 'sim-token', limits: {} }],
      accountId: '101-001-0000001-001',
      token: 'sim-token',
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
    expect(() => resolveVenueConfig({ BROKER_VENUE: 'practice', OANDA_API_KEY: 'k' })).toThrow('needs OANDA_ACCOUNT_ID (e.g. 101-001-1234567-001), OANDA_ACCOUNT_IDS or BROKER_ACCOUNTS');
  });

  it('refuses live unless LIVE_TRADING_ENABLED is true, and then still needs a token', () => {
    expect(() => resolveVenueConfig({ BROKER_VENUE: 'live', OANDA_API_KEY: 'k', OANDA_ACCOUNT_ID: '001-001-1-001' })).toThrow('set LIVE_TRADING_ENABLED=true');
    expect(() => resolveVenueConfig({ BROKER_VENUE: 'live', LIVE_TRADING_ENABLED: 'false', OANDA_API_KEY: 'k', OANDA_ACCOUNT_ID: '001-001-1-001' })).toThrow('LIVE_TRADING_ENABLED');
    expect(() => resolveVenueConfig({ BROKER_VENUE: 'live', LIVE_TRADING_ENABLED: 'true', OANDA_API_KEY: ' ' })).toThrow('BROKER_VENUE=live needs OANDA_API_KEY');
    const live = resolveVenueConfig({ BROKER_VENUE: 'live', LIVE_TRADING_ENABLED: 'true', OANDA_API_KEY: 'k', OANDA_ACCOUNT_ID: '001-001-1-001' });
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

  it('trades a list of accounts, the first being the default, all with the venue\'s token', () => {
    const config = resolveVenueConfig({ BROKER_VENUE: 'practice', OANDA_API_KEY: 'k', OANDA_ACCOUNT_IDS: '101-001-1-001, 101-001-1-002' });
    expect(config.accounts).toEqual([
      { id: '101-001-1-001', credential: 'OANDA_API_KEY', token: 'k', limits: {} },
      { id: '101-001-1-002', credential: 'OANDA_API_KEY', token: 'k', limits: {} },
    ]);
    expect([config.accountId, config.token]).toEqual(['101-001-1-001', 'k']);
    expect(resolveVenueConfig({ BROKER_ACCOUNT_IDS: '101-001-0000001-002,101-001-0000001-003' }).accounts.map((account) => account.id)).toEqual(['101-001-0000001-002', '101-001-0000001-003']);
  });

  it('reads BROKER_ACCOUNTS: each account\'s alias, the variable holding its token, and its own limits', () => {
    const accounts = JSON.stringify([
      { id: '101-001-1-001', alias: 'desk A', limits: { maxDailyLossUsd: 2000, maxOpenTrades: 5 } },
      { id: '101-001-2-001', credential: 'OANDA_TOKEN_B' },
    ]);
    const config = resolveVenueConfig({ BROKER_VENUE: 'practice', OANDA_API_KEY: 'k', OANDA_TOKEN_B: 'b', BROKER_ACCOUNTS: accounts });
    expect(config.accounts).toEqual([
      { id: '101-001-1-001', alias: 'desk A', credential: 'OANDA_API_KEY', token: 'k', limits: { maxDailyLossUsd: 2000, maxOpenTrades: 5 } },
      { id: '101-001-2-001', credential: 'OANDA_TOKEN_B', token: 'b', limits: {} },
    ]);
    // Every account naming its own credential needs no OANDA_API_KEY.
    const own = JSON.stringify([{ id: '101-001-2-001', credential: 'OANDA_TOKEN_B' }]);
    expect(resolveVenueConfig({ BROKER_VENUE: 'practice', OANDA_TOKEN_B: 'b', BROKER_ACCOUNTS: own }).token).toBe('b');
  });

  it('names what is wrong with an account list', () => {
    expect(() => resolveVenueConfig({ BROKER_ACCOUNTS: '[{"id":"101-001-1-001","credential":"MISSING_TOKEN"}]' })).toThrow('account 101-001-1-001 takes its token from MISSING_TOKEN, which is not set');
    expect(() => resolveVenueConfig({ BROKER_ACCOUNTS: '[{"id":"101-001-1-001","limits":{"maxDailyLoss":5}}]' })).toThrow('BROKER_ACCOUNTS[0]["limits"]: Unrecognized key: "maxDailyLoss"');
    expect(() => resolveVenueConfig({ BROKER_ACCOUNTS: '[{"id":"101-001-1-001","limits":{"maxOpenTrades":-1}}]' })).toThrow('BROKER_ACCOUNTS[0]["limits"]["maxOpenTrades"]');
    expect(() => resolveVenueConfig({ BROKER_ACCOUNTS: '[{"id":"101-001-1-001"},{"id":"101-001-1-001"}]' })).toThrow('BROKER_ACCOUNTS: account ids must be unique');
    expect(() => resolveVenueConfig({ BROKER_ACCOUNTS: '{' })).toThrow('BROKER_ACCOUNTS: not JSON');
    expect(() => resolveVenueConfig({ BROKER_ACCOUNTS: '[]' })).toThrow('BROKER_ACCOUNTS: list at least one account');
    expect(() => resolveVenueConfig({ BROKER_ACCOUNT_IDS: '101-001-1-001,abc' })).toThrow('BROKER_ACCOUNT_IDS: expected an OANDA account id such as 101-001-1234567-001, got "101-001-1-001,abc"');
    expect(() => resolveVenueConfig({ BROKER_ACCOUNT_ID: '101-001-1-001', BROKER_ACCOUNT_IDS: '101-001-1-002' })).toThrow('set one of BROKER_ACCOUNT_IDS, BROKER_ACCOUNT_ID: each lists the accounts traded');
  });
});
