import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../../infra/async/wait-for';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { collectPageErrors, launchChromium, saveScreenshot } from '../helpers/browser';
import { startRealStack, type RealStack } from '../helpers/real-stack';

jest.setTimeout(240_000);

const OTHER_ACCOUNT = '101-001-0000001-002';

/** Generous: the suite runs with every core busy. */
const SEEN_WITHIN_MS = 60_000;

/**
 * The operator console in a real browser (Debian's chromium through playwright-core) on the real stack: the api
 * serving the page, the worker, Temporal, Postgres and the simulator. What the page shows arrives through its own
 * calls and the event stream; the test only starts a rebalance over REST, as another operator would.
 */
describe('the operator console in a browser', () => {
  let stack: RealStack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startRealStack('operator_console', {
        seed: 17, env: { SCHEDULES_ENABLED: 'false', REBALANCE_APPROVAL_NOTIONAL_USD: '20000', MAX_ORDER_NOTIONAL_USD: '200000', BROKER_ACCOUNT_IDS: `${SIM_ACCOUNT_ID},${OTHER_ACCOUNT}` },
      }),
      launchChromium(),
    ]);
    // The worker records the second account as it starts: the page reads the registry once it holds both.
    await waitFor('both accounts in the registry', async () => ((await stack.database.pool.query('select id from accounts')).rows.length === 2 ? true : undefined), 60_000);
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    pageErrors = collectPageErrors(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('refuses a wrong key with the api\'s reason, and signs in with a good one onto the live stream', async () => {
    await page.goto(`${stack.apiUrl}/`);
    await page.getByLabel('Api key').fill('tok_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That key was refused: unknown or revoked api key' }).waitFor({ timeout: SEEN_WITHIN_MS });

    await page.getByLabel('Api key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('stream-state').filter({ hasText: /^live$/ }).waitFor({ timeout: SEEN_WITHIN_MS });
    await page.locator('[data-testid=trading-state] [data-state=ACTIVE]').waitFor({ timeout: SEEN_WITHIN_MS });
    // Two accounts traded: the first is shown, the other one choice away.
    await page.locator(`select option[value="${OTHER_ACCOUNT}"]`).waitFor({ state: 'attached', timeout: SEEN_WITHIN_MS });
    expect(await page.getByTestId('account-choice').inputValue()).toBe(SIM_ACCOUNT_ID);
    await saveScreenshot(page, '1-signed-in');
    // The browser logs the refused key's 401 as an error; from here on, none is expected.
    pageErrors.splice(0);
  });

  it('shows a rebalance waiting for approval, approves it, and its orders appear live', async () => {
    const started = await stack.fetchApi('/api/workflows/portfolio-rebalance', {
      body: { accountId: SIM_ACCOUNT_ID, method: 'target_weights', weights: { EUR_USD: 0.3, USD_JPY: -0.2 }, driftThreshold: 0.01, maxOrderNotional: 200_000 },
    });
    expect(started.status).toBe(202);
    const { workflowId } = await started.json() as { workflowId: string };

    const approval = page.locator(`[data-panel=approvals] article[data-workflow-id="${workflowId}"]`);
    await approval.waitFor({ timeout: SEEN_WITHIN_MS });
    await expectText(approval, 'EUR_USD');
    await expectText(approval, 'USD_JPY');
    // The stream announced it: the workflow's stage, and the audit event that a decision is wanted.
    await page.locator('[data-panel=events] li', { hasText: `${workflowId} RUNNING (awaiting_approval)` }).waitFor({ timeout: SEEN_WITHIN_MS });
    await page.locator('[data-panel=events] li', { hasText: 'portfolio_rebalance.approval_requested' }).waitFor({ timeout: SEEN_WITHIN_MS });
    await saveScreenshot(page, '2-approval-waiting');

    await approval.getByRole('button', { name: 'Approve' }).click();
    await approval.getByLabel('Reason (optional)').fill('within mandate');
    await approval.getByRole('button', { name: 'Confirm approve' }).click();

    // The orders panel re-reads only when an order event arrives on the stream: these rows came live.
    const orderRows = page.locator('[data-panel=orders] tbody tr', { hasText: workflowId });
    await orderRows.filter({ hasText: 'EUR_USD' }).filter({ hasText: 'filled' }).waitFor({ timeout: SEEN_WITHIN_MS });
    await orderRows.filter({ hasText: 'USD_JPY' }).filter({ hasText: 'filled' }).waitFor({ timeout: SEEN_WITHIN_MS });
    await approval.waitFor({ state: 'detached', timeout: SEEN_WITHIN_MS });
    await page.locator(`[data-panel=workflows] tr[data-workflow-id="${workflowId}"]`, { hasText: 'COMPLETED' }).waitFor({ timeout: SEEN_WITHIN_MS });
    await page.locator('[data-panel=events] li', { hasText: 'order' }).first().waitFor({ timeout: SEEN_WITHIN_MS });
    await page.locator('[data-panel=positions] tbody tr', { hasText: 'EUR_USD' }).first().waitFor({ timeout: SEEN_WITHIN_MS });
    await saveScreenshot(page, '3-orders-live');
  });

  it('shows another account when chosen, and the first again', async () => {
    await page.getByTestId('account-choice').selectOption(OTHER_ACCOUNT);
    expect(new URL(page.url()).searchParams.get('account')).toBe(OTHER_ACCOUNT);
    await page.locator('[data-panel=positions] td', { hasText: 'Flat.' }).waitFor({ timeout: SEEN_WITHIN_MS });
    await page.locator('[data-testid=trading-state] [data-state=ACTIVE]').waitFor({ timeout: SEEN_WITHIN_MS });
    await page.getByTestId('account-choice').selectOption(SIM_ACCOUNT_ID);
    await page.locator('[data-panel=positions] tbody tr', { hasText: 'EUR_USD' }).first().waitFor({ timeout: SEEN_WITHIN_MS });
    expect(await page.getByTestId('stream-state').textContent()).toBe('live');
  });

  it('holds the emergency stop behind a typed confirmation, then shows HALTED as it arrives', async () => {
    const controls = page.locator('[data-panel=controls]');
    await controls.getByRole('button', { name: 'Emergency stop' }).click();
    await controls.getByLabel('Reason').fill('browser test: stop everything');
    const confirm = controls.getByRole('button', { name: 'Confirm emergency stop' });
    await controls.getByLabel('Type EMERGENCY STOP to confirm').fill('emergency stop');
    expect(await confirm.isDisabled()).toBe(true);
    await controls.getByLabel('Type EMERGENCY STOP to confirm').fill('EMERGENCY STOP');
    await confirm.click();

    await page.locator('[data-testid=trading-state] [data-state=HALTED]').waitFor({ timeout: SEEN_WITHIN_MS });
    await page.locator('[data-panel=events] li', { hasText: 'control.emergency_stop' }).first().waitFor({ timeout: SEEN_WITHIN_MS });
    await page.locator('[data-panel=positions] td', { hasText: 'Flat.' }).waitFor({ timeout: SEEN_WITHIN_MS });
    await saveScreenshot(page, '4-halted');
    expect(pageErrors).toEqual([]);
  });
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.getByText(text, { exact: true }).first().waitFor({ timeout: SEEN_WITHIN_MS });
}
