import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SimState } from '../engine/account-state';

export function loadState(file: string): SimState | undefined {
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, 'utf8')) as SimState;
  if (state.version !== 1) throw new Error(`state file ${file} has version ${String(state.version)}, expected 1`);
  return state;
}

/** Writes the state atomically (temp file + rename) so a crash leaves either the old or the new state. */
export function saveState(file: string, state: SimState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}

/** Coalesces bursts of changes into one write after `delayMs`; flush() writes immediately if anything is pending. */
export class DebouncedStateWriter {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly file: string, private readonly state: () => SimState, private readonly delayMs = 50) {}

  changed(): void {
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    saveState(this.file, this.state());
  }
}
