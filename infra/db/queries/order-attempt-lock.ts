import type { DatabaseHandle } from '../client';

/** Another attempt of this order still runs: this one must not race it to the venue. */
export class OrderAttemptInProgress extends Error {
  constructor(readonly clientOrderId: string) {
    super(`another attempt to place ${clientOrderId} is still running; this attempt placed nothing`);
    this.name = 'OrderAttemptInProgress';
  }
}

/**
 * Runs one placement attempt holding a session advisory lock on its client order id. Temporal may start a retry while
 * an earlier attempt still runs (its worker missed a heartbeat but lives on); that retry is refused here instead of
 * racing the first to the venue. The lock belongs to a database connection, so it goes the moment a killed worker's
 * connection does and a retry elsewhere proceeds at once.
 */
export async function withOrderAttemptLock<T>(database: DatabaseHandle, clientOrderId: string, attempt: () => Promise<T>): Promise<T> {
  const connection = await database.pool.connect();
  const key = `order-attempt:${clientOrderId}`;
  let locked = false;
  // A held connection the server drops (a restart, an admin's kill) reports it here, not as a crash of the process.
  let lost = false;
  const onLost = () => {
    lost = true;
  };
  connection.on('error', onLost);
  try {
    locked = (await connection.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [key])).rows[0]?.locked === true;
    if (!locked) throw new OrderAttemptInProgress(clientOrderId);
    return await attempt();
  } finally {
    const unlocked = lost || !locked || (await connection.query('select pg_advisory_unlock(hashtext($1))', [key]).then(() => true, () => false));
    connection.off('error', onLost);
    // A connection that may still hold the lock is closed instead of pooled: closing it frees the lock.
    connection.release(lost || !unlocked);
  }
}
