export type FaultMethod = 'GET' | 'POST' | 'PUT';

/** Faults a test arms; each lost-response fault fires once, on the first request that matches it. */
export class FaultPlan {
  private readonly lostResponses: Array<{ method: FaultMethod; pathPattern: RegExp }> = [];

  loseNextResponse(method: FaultMethod, pathPattern: RegExp): void {
    this.lostResponses.push({ method, pathPattern });
  }

  /** True (and disarms the fault) when this request's response must be lost. */
  takeLostResponse(method: string, path: string): boolean {
    const index = this.lostResponses.findIndex((f) => f.method === method && f.pathPattern.test(path));
    if (index < 0) return false;
    this.lostResponses.splice(index, 1);
    return true;
  }
}
