/**
 * Hooks for an element test file: the failures the shell logs for developers stay out of the
 * test output (a test that expects one spies on `console` itself), and every test starts from
 * an empty page at `/`, without performance marks or mocks.
 */
export function isolateElementTests(): void {
  beforeEach(() => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.replaceChildren();
    history.replaceState(null, '', '/');
    performance.clearMarks();
    jest.restoreAllMocks();
  });
}
