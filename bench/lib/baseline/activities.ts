export type BaselineActivities = typeof baselineActivities;

/** Does no work: the benchmark measures Temporal's round trips, not the activity. */
export const baselineActivities = {
  async step(value: number): Promise<number> {
    return value + 1;
  },
};
