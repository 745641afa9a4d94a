export * from './accounts';
export * from './audit';
export * from './health';
export * from './orders';
export * from './strategies';
