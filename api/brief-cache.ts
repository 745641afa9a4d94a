/**
 * Remembers each key's answer for `ttlMs`, and hands callers that ask while a read runs that same read: many viewers
 * refreshing a page cost the broker one read per key and period. A failed read is forgotten at once.
 */
export function briefCache<T>(ttlMs: number, now: () => number = Date.now): (key: string, read: () => Promise<T>) => Promise<T> {
  const entries = new Map<string, { atMs: number; value: Promise<T> }>();
  return (key, read) => {
    const cached = entries.get(key);
    if (cached && now() - cached.atMs < ttlMs) return cached.value;
    const entry = { atMs: now(), value: read() };
    entries.set(key, entry);
    entry.value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return entry.value;
  };
}
