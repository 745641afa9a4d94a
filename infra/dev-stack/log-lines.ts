/**
 * Children log JSON (pino); in the foreground a person wants `[worker] info  message  key=value`. Lines that are
 * not JSON pass through as they are.
 */
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg']);

export function formatChildLine(name: string, line: string): string {
  const prefix = `[${name}]`.padEnd(10);
  if (!line.startsWith('{')) return `${prefix} ${line}`;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const level = (LEVELS[entry.level as number] ?? String(entry.level ?? '')).padEnd(5);
    const fields = Object.entries(entry)
      .filter(([key]) => !OMITTED.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    return `${prefix} ${level} ${String(entry.msg ?? '')}${fields.length > 0 ? `  ${fields.join(' ')}` : ''}`;
  } catch {
    return `${prefix} ${line}`;
  }
}
