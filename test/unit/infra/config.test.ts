import { ConfigError, loadConfig } from '../../../infra/config';

describe('loadConfig', () => {
  it('runs the whole stack on defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.API_PORT).toBe(8080);
    expect(config.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.EMBEDDED_PG_PORT).toBe(5433);
    expect(config.SCHEDULES_ENABLED).toBe(true);
  });

  it('parses numbers, booleans and URLs from strings', () => {
    const config = loadConfig({ API_PORT: '9000', SCHEDULES_ENABLED: 'false', DATABASE_URL: 'postgres://u@h:5432/db' });
    expect(config.API_PORT).toBe(9000);
    expect(config.SCHEDULES_ENABLED).toBe(false);
    expect(config.DATABASE_URL).toBe('postgres://u@h:5432/db');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names every malformed variable and the value it got', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x/y', TEMPORAL_ADDRESS: 'nohost', HEALTH_CHECK_SCHEDULE: 'often' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('API_PORT:'))).toContain('"eighty"');
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toContain('postgres://');
    expect(problems.find((p) => p.startsWith('TEMPORAL_ADDRESS:'))).toContain('host:port');
    expect(problems.find((p) => p.startsWith('HEALTH_CHECK_SCHEDULE:'))).toContain('duration');
    expect((error as Error).message).toMatch(/^invalid configuration:/);
  });

  it('resolves the broker venue: the simulator by default', () => {
    expect(loadConfig({}).broker).toMatchObject({ venue: 'sim', restUrl: 'http://127.0.0.1:8090', token: 'sim-token' });
  });

  it('refuses live trading unless explicitly enabled, alongside the other problems', () => {
    let error: unknown;
    try {
      loadConfig({ BROKER_VENUE: 'live', OANDA_API_KEY: 'k', OANDA_ACCOUNT_ID: '001-001-1-001', API_PORT: 'x' });
    } catch (caught) {
      error = caught;
    }
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.includes('LIVE_TRADING_ENABLED'))).toBe(true);
    expect(problems.some((p) => p.startsWith('API_PORT:'))).toBe(true);
  });

  it('rejects out-of-range ports', () => {
    expect(() => loadConfig({ WORKER_METRICS_PORT: '70000' })).toThrow(/WORKER_METRICS_PORT/);
  });

  it('rejects a boolean flag that is not true/false/1/0', () => {
    expect(() => loadConfig({ SCHEDULES_ENABLED: 'yes' })).toThrow(/SCHEDULES_ENABLED/);
  });

  it('defaults the trading limits and refuses a broker rate above what OANDA allows', () => {
    const config = loadConfig({});
    expect(config.BROKER_ACTIVITIES_PER_SECOND).toBe(40);
    expect(config.BROKER_REST_READS_PER_SECOND + config.BROKER_REST_PLACEMENTS_PER_SECOND).toBeLessThanOrEqual(100);
    expect(config.RISK_FRACTION).toBe(0.005);
    expect(config.REBALANCE_APPROVAL_TIMEOUT_MS).toBe(3_600_000);
    expect(loadConfig({ MAX_ORDER_NOTIONAL_USD: '2500.5' }).MAX_ORDER_NOTIONAL_USD).toBe(2500.5);
    expect(() => loadConfig({ BROKER_ACTIVITIES_PER_SECOND: '150' })).toThrow(/BROKER_ACTIVITIES_PER_SECOND/);
    expect(() => loadConfig({ BROKER_REST_READS_PER_SECOND: '150' })).toThrow(/BROKER_REST_READS_PER_SECOND/);
    expect(() => loadConfig({ SIGNAL_MIN_CONFIDENCE: '1.5' })).toThrow(/SIGNAL_MIN_CONFIDENCE/);
  });

  it('defaults the research schedules and parses the research instruments, naming an unknown one', () => {
    const config = loadConfig({});
    expect([config.EVOLUTION_SCHEDULE, config.OPTIMIZATION_SCHEDULE, config.REBALANCE_SCHEDULE]).toEqual(['1h', '24h', '24h']);
    expect(config.RESEARCH_INSTRUMENTS).toEqual(['EUR_USD', 'GBP_USD', 'USD_JPY', 'AUD_USD']);
    expect(config.REBALANCE_SCHEDULE_ACCOUNT_ID).toBeUndefined();
    expect(loadConfig({ RESEARCH_INSTRUMENTS: 'EUR_USD, XAU_USD' }).RESEARCH_INSTRUMENTS).toEqual(['EUR_USD', 'XAU_USD']);
    expect(() => loadConfig({ RESEARCH_INSTRUMENTS: 'EUR_USD,NOPE' })).toThrow(/RESEARCH_INSTRUMENTS/);
    expect(() => loadConfig({ EVOLUTION_SCHEDULE: 'hourly' })).toThrow(/EVOLUTION_SCHEDULE/);
  });
});
