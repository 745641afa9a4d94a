import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications/notification-activities';
import type { DeliverNotificationInput, DeliverNotificationResult } from './definitions/deliver-notification';

/**
 * Retried with backoff for a day: a receiver that is down or slow gets the notification when it is back, and holds
 * up nothing else (each delivery is its own run, off the trading path). A refusal (4xx) or an unknown sink ends it.
 */
const delivery = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Posts one notification to one webhook sink; the run's history shows each attempt. */
export async function deliverNotification(input: DeliverNotificationInput): Promise<DeliverNotificationResult> {
  return delivery.postNotification(input);
}
