export * from './browser';
export * from './demo';
export * from './demo-emails';
