import { promqlMetricNames } from '../../../infra/monitoring/promql-metric-names';

describe('promqlMetricNames', () => {
  it('finds the metrics an expression reads, not its functions, labels, groupings or durations', () => {
    expect(promqlMetricNames('histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{status=~"5.."}[5m])))'))
      .toEqual(['http_request_duration_seconds_bucket']);
    expect(promqlMetricNames('max by (scope) (trading_state{state="HALTED"}) == 1')).toEqual(['trading_state']);
  });

  it('reads both sides of binary operations and set operators', () => {
    const expr = `(time() - max by (schedule) (schedule_last_action_timestamp_seconds))
      > 2 * max by (schedule) (schedule_interval_seconds) + 120
      unless on (schedule) max by (schedule) (schedule_paused) == 1`;
    expect(promqlMetricNames(expr)).toEqual(['schedule_last_action_timestamp_seconds', 'schedule_interval_seconds', 'schedule_paused']);
  });

  it('treats numbers with exponents and quoted words as no names', () => {
    expect(promqlMetricNames('up == 0 and on () vector(1e3) > 0 or absent(x{job="by"})')).toEqual(['up', 'x']);
  });
});
