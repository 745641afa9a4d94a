/**
 * How long one attempt to reach the broker may last, in one place: the workflows' activity timeouts, the placement's
 * own deadline, the longest broker request the configuration accepts, and how long the reconciler waits before it
 * settles a row are all derived from these, so no two attempts of one order can overlap and no row is settled while
 * an attempt could still reach the venue.
 */

/** Start-to-close of every broker activity: Temporal starts the next attempt no sooner. */
export const BROKER_ACTIVITY_TIMEOUT_MS = 30_000;

/** A placement attempt's deadline from its start, over everything it does (database reads, then every broker request). */
export const PLACEMENT_ATTEMPT_DEADLINE_MS = 25_000;

/** Longest single broker request the configuration accepts: the database work and one full request fit inside the deadline twice over. */
export const MAX_BROKER_REQUEST_TIMEOUT_MS = 10_000;

/** A broker activity silent this long is given to another worker: how soon a killed worker's work resumes. */
export const BROKER_HEARTBEAT_TIMEOUT_MS = 3_000;

/** An unsettled orders row untouched this long has no attempt that can still reach the venue: the reconciler may settle it. */
export const UNSETTLED_ROW_GRACE_MS = BROKER_ACTIVITY_TIMEOUT_MS + 5_000;
