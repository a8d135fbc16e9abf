export * from './common';
export * from './errors';
export * from './events';
export * from './host';
export * from './identity';
export * from './layout';
export * from './manifest';
export * from './tickets';
