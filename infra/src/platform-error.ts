/** A start-up failure with a message written for the person who ran `npm start`: no stack needed. */
export class PlatformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformError';
  }
}
