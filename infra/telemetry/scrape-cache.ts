/**
 * One read shared by every metric collected in the same scrape (prom-client collects each metric on its own): the
 * first caller starts the read, the rest within `maxAgeMs` get the same promise.
 */
export function sharedRead<T>(read: () => Promise<T>, maxAgeMs = 1_000, clock: () => number = Date.now): () => Promise<T> {
  let latest: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = clock();
    if (!latest || now - latest.at > maxAgeMs) {
      const value = read();
      latest = { at: now, value };
      // A failed read is not kept: the next scrape tries again.
      value.catch(() => { if (latest?.value === value) latest = undefined; });
    }
    return latest.value;
  };
}
