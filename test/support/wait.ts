/**
 * Waits until `condition` holds, checking every `intervalMs`. Tests wait for outcomes this way, never for
 * a fixed time; the limit only turns a hang into a failure with a message.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 25_000);
  for (;;) {
    if (await condition()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`waitFor: ${options.message ?? 'the condition never held'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
}
