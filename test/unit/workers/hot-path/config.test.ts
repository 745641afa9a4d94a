import { ConfigError } from '../../../../infra/config';
import { engineConfigFrom, loadHotPathConfig } from '../../../../workers/hot-path/config';

describe('hot-path config', () => {
  it('defaults to two instruments, ma-crossover on M1 and the control port 9465, with the shared limits', () => {
    const config = loadHotPathConfig({ MAX_ORDERS_PER_MINUTE: '40', MAX_DAILY_LOSS_USD: '2500' });
    expect(config.hotPath).toMatchObject({ HOT_PATH_INSTRUMENTS: ['EUR_USD', 'USD_JPY'], HOT_PATH_STRATEGY: 'ma-crossover', HOT_PATH_GRANULARITY: 'M1', HOT_PATH_METRICS_PORT: 9465 });
    const engine = engineConfigFrom(config);
    expect(engine.accountId).toBe('101-001-0000001-001');
    expect(engine.instruments).toEqual([
      { instrument: 'EUR_USD', granularity: 'M1', strategy: 'ma-crossover' },
      { instrument: 'USD_JPY', granularity: 'M1', strategy: 'ma-crossover' },
    ]);
    expect(engine.limits).toMatchObject({ maxOrdersPerWindow: 40, orderRateWindowMs: 60_000, maxDailyLossUsd: 2500 });
    expect(engine.breakers).toMatchObject({
      daily_loss: { threshold: 2500, tripTo: 'HALTED', autoReset: false },
      order_rate: { threshold: 40, tripTo: 'HALTED' },
      consecutive_rejects: { threshold: 5, tripTo: 'HALTED' },
    });
    expect(engine.takeProfitStopMultiple).toBe(2);
  });

  it('reads the lists and turns a 0 take-profit multiple into none', () => {
    const config = loadHotPathConfig({ HOT_PATH_INSTRUMENTS: 'GBP_USD, XAU_USD', HOT_PATH_STRATEGY: 'donchian-breakout', HOT_PATH_GRANULARITY: 'S5', HOT_PATH_TAKE_PROFIT_STOP_MULTIPLE: '0' });
    expect(config.hotPath.HOT_PATH_INSTRUMENTS).toEqual(['GBP_USD', 'XAU_USD']);
    expect(engineConfigFrom(config).takeProfitStopMultiple).toBeUndefined();
  });

  it('names every bad variable, its own and the shared ones', () => {
    let error: unknown;
    try {
      loadHotPathConfig({ HOT_PATH_INSTRUMENTS: 'EUR_USD,NOPE', HOT_PATH_STRATEGY: 'coin-flip', HOT_PATH_METRICS_PORT: '70000', API_PORT: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['API_PORT', 'HOT_PATH_INSTRUMENTS', 'HOT_PATH_METRICS_PORT', 'HOT_PATH_STRATEGY']);
  });
});
