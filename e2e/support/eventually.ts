/**
 * Retries an assertion until it passes or the time is up, then rethrows its last failure.
 * Browser state settles asynchronously; this waits for it without fixed sleeps.
 */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
