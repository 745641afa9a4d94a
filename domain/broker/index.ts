export * from './account';
export * from './broker';
export * from './broker-error';
export * from './order';
export * from './price-stream';
export * from './transaction';
