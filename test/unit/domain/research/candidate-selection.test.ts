import { seededRandom } from '../../../../domain/random';
import { selectCandidate, type CandidateRecord } from '../../../../domain/research/candidate-selection';
import { sharpeEstimate } from '../../../../domain/research/deflated-sharpe';

const record = (score: number, feasible: boolean, drift: number, seed: number): CandidateRecord => {
  const random = seededRandom(seed);
  const periodReturns = Array.from({ length: 40 }, () => drift + 0.01 * random.normal());
  return { score, feasible, periodSharpe: sharpeEstimate(periodReturns).sharpe, periodReturns };
};

describe('choosing a candidate on a selection window', () => {
  it('picks the best feasible candidate, as a search ranks its trials, and says how hard it looked', () => {
    const records = [record(2.5, false, 0.004, 1), record(1.1, true, 0.002, 2), record(1.4, true, 0.003, 3), record(-0.3, true, 0, 4)];
    const { index, selection } = selectCandidate(records);
    expect(index).toBe(2);
    const sharpes = records.map((r) => r.periodSharpe);
    const meanSharpe = sharpes.reduce((a, b) => a + b) / 4;
    expect(selection.trials).toBe(4);
    // Their spread, or at most what luck alone spreads unskilled estimates over 40 periods by.
    expect(selection.trialSharpeVariance).toBeCloseTo(Math.min(sharpes.reduce((total, s) => total + (s - meanSharpe) ** 2, 0) / 3, 1 / 39), 12);
    // Four unrelated records: about four independent trials.
    expect(selection.effectiveTrials).toBeGreaterThan(3);
    expect(selection.effectiveTrials).toBeLessThanOrEqual(4);
    expect(selection.rankedOn).toEqual(sharpeEstimate(records[2]!.periodReturns));
  });

  it('counts duplicates once, and a lone candidate as a choice of one', () => {
    const twin = record(1, true, 0.001, 5);
    expect(selectCandidate([twin, { ...twin }, { ...twin }]).selection).toMatchObject({ trials: 3, effectiveTrials: 1, trialSharpeVariance: 0 });
    expect(selectCandidate([twin]).selection).toMatchObject({ trials: 1, effectiveTrials: 1, trialSharpeVariance: 0 });
    expect(() => selectCandidate([])).toThrow('a selection needs at least one candidate');
  });
});
