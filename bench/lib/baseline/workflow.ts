import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { BaselineActivities } from './activities';

const { step } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

/** What any workflow of the product pays for Temporal alone: three activities and two local activities that do nothing. */
export async function baselineWorkflow(): Promise<number> {
  let total = await local.step(1);
  total += await step(total);
  total += await local.step(total);
  total += await step(total);
  return total + (await step(total));
}
