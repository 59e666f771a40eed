/** Polls `probe` until it returns a truthy value, which it resolves to; throws naming `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, opts: { timeoutMs?: number; everyMs?: number } = {}): Promise<T> {
  const end = Date.now() + (opts.timeoutMs ?? 10000);

  for (;;) {
    const v = await probe();

    if (v) {
      return v;
    }
    if (Date.now() > end) {
      throw new Error(`gave up waiting for ${ what }`);
    }
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 20));
  }
}
