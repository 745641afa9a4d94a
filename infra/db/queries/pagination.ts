/** Keyset pagination over bigserial ids, newest first: `cursor` is the last id of the previous page. */
export interface PageRequest {
  limit: number;
  cursor?: number;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: number;
}

/** Call with limit + 1 rows fetched: the extra row only says whether another page exists. */
export function toPage<T extends { id: number }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return rows.length > limit ? { items, nextCursor: items.at(-1)!.id } : { items };
}
