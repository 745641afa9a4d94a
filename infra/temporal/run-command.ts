import { spawn } from 'node:child_process';

export interface CommandResult {
  exitCode: number | null;
  /** stdout and stderr interleaved, as a person would have seen them. */
  output: string;
}

/** Runs a command to completion and captures its output; rejects only when it cannot be started at all. */
export function runCommand(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** The last lines of a long output, for error messages that must stay readable. */
export function tailLines(text: string, lineCount = 20): string {
  return text.trimEnd().split('\n').slice(-lineCount).join('\n');
}
