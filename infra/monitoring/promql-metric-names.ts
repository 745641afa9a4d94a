/** PromQL words that are not metric names: operators, modifiers and aggregation clauses. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'atan2', 'inf', 'nan']);

/**
 * The metric names a PromQL expression reads: what must exist for the expression to have data. Strings, label
 * matchers, grouping lists and durations are removed first; a word followed by `(` is a function.
 */
export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const following = stripped.slice(match.index + match[0].length).trimStart();
    const word = match[0];
    if (following.startsWith('(') || KEYWORDS.has(word.toLowerCase())) continue;
    // A digit run ahead of a unit (5m, 1e3) is a number, not a name.
    if (match.index > 0 && /[0-9.]/.test(stripped[match.index - 1]!)) continue;
    names.add(word);
  }
  return [...names];
}
