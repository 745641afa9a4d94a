import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findExecutableOnPath } from '../../infra/temporal/find-executable';
import { projectRoot } from '../../infra/paths';

/** Where browser tests leave their screenshots (git-ignored; CI keeps the folder as the run's artifacts). */
export const ARTIFACTS_DIR = join(projectRoot(), 'test-artifacts', 'console');

/**
 * Debian's chromium (bin/test installs it) driven by playwright-core, headless. The sandbox needs user namespaces a
 * root CI container does not give, so as root it runs without.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await findExecutableOnPath('chromium', process.env.PATH);
  if (!executablePath) throw new Error('chromium is not on PATH: bin/test installs it (node dist/infra/tools/ensure-test-tools.js)');
  return chromium.launch({ executablePath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
}

/** A full-page screenshot under test-artifacts/console/, named for the step it shows. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The page's console errors and uncaught exceptions, to assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}
