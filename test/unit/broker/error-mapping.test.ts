import { brokerErrorFromResponse, brokerErrorFromTransport, timeoutError } from '../../../infra/broker/oanda/error-mapping';

const context = { operation: 'placeOrder EUR_USD client id c-1' };

describe('mapping OANDA answers to BrokerErrors', () => {
  it.each([
    [401, '{"errorMessage":"Insufficient authorization to perform request."}', 'UNAUTHORIZED', false],
    [403, '{"errorMessage":"forbidden"}', 'UNAUTHORIZED', false],
    [429, '{"errorMessage":"Rate limit violation"}', 'RATE_LIMITED', true],
    [500, '', 'SERVER', true],
    [503, '<html>maintenance</html>', 'SERVER', true],
    [400, '{"errorMessage":"Invalid value specified for \'instruments\'"}', 'UNKNOWN_INSTRUMENT', false],
    [400, '{"errorMessage":"Invalid value specified for \'units\'"}', 'VALIDATION', false],
    [400, '{"orderRejectTransaction":{"rejectReason":"INSTRUMENT_UNKNOWN"},"errorCode":"INSTRUMENT_UNKNOWN"}', 'UNKNOWN_INSTRUMENT', false],
    [400, '{"orderRejectTransaction":{"rejectReason":"MARKET_HALTED"}}', 'MARKET_HALTED', false],
    [400, '{"orderRejectTransaction":{"rejectReason":"UNITS_LIMIT_EXCEEDED"},"errorMessage":"units exceed the instrument maximum"}', 'VALIDATION', false],
    [404, '{"orderCancelRejectTransaction":{"rejectReason":"ORDER_DOESNT_EXIST"},"errorCode":"ORDER_DOESNT_EXIST"}', 'ORDER_NOT_FOUND', false],
  ])('HTTP %i %s → %s (retryable %s)', (status, body, code, retryable) => {
    const error = brokerErrorFromResponse(context, status, body);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.httpStatus).toBe(status);
  });

  it('keeps the venue reject reason, error code and message, and says all of them', () => {
    const error = brokerErrorFromResponse(
      context,
      400,
      '{"orderRejectTransaction":{"id":"7","rejectReason":"CLIENT_ORDER_ID_ALREADY_EXISTS"},"errorCode":"CLIENT_ORDER_ID_ALREADY_EXISTS","errorMessage":"The client order ID specified is already in use"}',
    );
    expect(error.rejectReason).toBe('CLIENT_ORDER_ID_ALREADY_EXISTS');
    expect(error.brokerErrorCode).toBe('CLIENT_ORDER_ID_ALREADY_EXISTS');
    expect(error.brokerMessage).toBe('The client order ID specified is already in use');
    expect(error.message).toBe(
      'placeOrder EUR_USD client id c-1 failed: VALIDATION, HTTP 400, reason CLIENT_ORDER_ID_ALREADY_EXISTS, "The client order ID specified is already in use"',
    );
  });

  it('uses the endpoint meaning of a bare 404', () => {
    expect(brokerErrorFromResponse({ operation: 'get order @x', notFoundCode: 'ORDER_NOT_FOUND' }, 404, '{"errorMessage":"not found"}').code).toBe('ORDER_NOT_FOUND');
    expect(brokerErrorFromResponse({ operation: 'summary' }, 404, '{"errorMessage":"not found"}').code).toBe('VALIDATION');
  });

  it('treats transport failures and timeouts as retryable', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const network = brokerErrorFromTransport('accountSummary', reset);
    expect([network.code, network.retryable, network.brokerMessage]).toEqual(['NETWORK', true, 'ECONNRESET: socket hang up']);
    const timeout = timeoutError('accountSummary', 2000);
    expect([timeout.code, timeout.retryable, timeout.message]).toEqual(['TIMEOUT', true, 'accountSummary failed: TIMEOUT, "no complete answer within 2000 ms"']);
  });
});
