import type { Notification } from '../../domain/notifications/notification';

export const DELIVER_NOTIFICATION_WORKFLOW = 'deliverNotification';

export interface DeliverNotificationInput {
  /** The sink's name in WEBHOOKS: its URL and secret are read by the activity, so no secret enters history. */
  sink: string;
  notification: Notification;
}

export interface DeliverNotificationResult {
  status: number;
}

/** One run per notification and sink: starting it again (another worker, a retried sweep) joins nothing and sends nothing. */
export const deliverNotificationWorkflowId = (sink: string, notificationId: string): string => `notify-${sink}-${notificationId}`;
