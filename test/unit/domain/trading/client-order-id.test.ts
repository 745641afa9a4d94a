import { MAX_CLIENT_ORDER_ID_LENGTH, workflowClientOrderId } from '../../../../domain/trading/client-order-id';

describe('workflowClientOrderId', () => {
  it('joins prefix, workflow id and steps, keeping safe characters as they are', () => {
    expect(workflowClientOrderId('atr', 'analysis-to-trade-1f2e', 'EUR_USD')).toBe('atr-analysis-to-trade-1f2e-EUR_USD');
    expect(workflowClientOrderId('rb', 'wf.1', 0, 'GBP_USD')).toBe('rb-wf.1-0-GBP_USD');
  });

  it('replaces characters OANDA ids should not carry', () => {
    expect(workflowClientOrderId('atr', 'my workflow/#1', 'EUR_USD')).toBe('atr-my_workflow_1-EUR_USD');
  });

  it('shortens a long id to the limit with a digest of the whole id, so two long ids stay distinct', () => {
    const long = 'w'.repeat(200);
    const a = workflowClientOrderId('atr', long, 'EUR_USD');
    const b = workflowClientOrderId('atr', long, 'GBP_USD');
    expect(a).toHaveLength(MAX_CLIENT_ORDER_ID_LENGTH);
    expect(b).toHaveLength(MAX_CLIENT_ORDER_ID_LENGTH);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^atr-w+~[0-9a-f]{8}$/);
    expect(workflowClientOrderId('atr', long, 'EUR_USD')).toBe(a);
  });

  it('refuses an empty workflow id', () => {
    expect(() => workflowClientOrderId('atr', '', 'EUR_USD')).toThrow(/workflow id/);
  });
});
