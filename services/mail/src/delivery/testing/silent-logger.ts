import type { DeliveryLogger } from '../logger';

/** A logger that drops everything, for tests. */
export const silentLogger: DeliveryLogger = { debug() {}, info() {}, warn() {}, error() {} };
