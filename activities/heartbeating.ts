import { Context } from '@temporalio/activity';

const HEARTBEAT_EVERY_MS = 1_000;

/**
 * The activity, heartbeating every second while it runs: called with a heartbeat timeout, Temporal hands the work of
 * a worker that died to another in seconds instead of at the start-to-close. Only for activities that keep no
 * heartbeat details of their own (these heartbeats carry none). Outside an activity (a direct call) it just runs.
 */
export function heartbeating<A extends unknown[], R>(activity: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const context = currentContext();
    if (!context) return activity(...args);
    context.heartbeat();
    const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await activity(...args);
    } finally {
      clearInterval(timer);
    }
  };
}

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** Every activity of a group, heartbeating (see heartbeating). */
export function allHeartbeating<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  return Object.fromEntries(Object.entries(activities).map(([name, activity]) => [name, heartbeating(activity as (...args: unknown[]) => Promise<unknown>)])) as unknown as T;
}
