import fc from 'fast-check';
import { sandboxWindows } from '../../../../domain/research/sandbox-windows';
import { finalHoldout, walkForwardFolds } from '../../../../domain/research/walk-forward';

describe('walk-forward folds (rolling)', () => {
  it('splits 1000 bars into 4 folds of 70% in-sample by hand', () => {
    // 1000 = inSample + 4 × outOfSample with outOfSample = floor(1000 × 0.3 / (0.7 + 4 × 0.3)) = floor(157.9) = 157.
    expect(walkForwardFolds(1000, { folds: 4, inSampleFraction: 0.7 })).toEqual([
      { index: 0, inSample: { start: 0, end: 372 }, outOfSample: { start: 372, end: 529 } },
      { index: 1, inSample: { start: 157, end: 529 }, outOfSample: { start: 529, end: 686 } },
      { index: 2, inSample: { start: 314, end: 686 }, outOfSample: { start: 686, end: 843 } },
      { index: 3, inSample: { start: 471, end: 843 }, outOfSample: { start: 843, end: 1000 } },
    ]);
  });

  it('never scores a fold on bars it was fitted on; out-of-sample windows tile the end of the series', () => {
    fc.assert(fc.property(
      fc.integer({ min: 50, max: 20_000 }), fc.integer({ min: 1, max: 10 }), fc.double({ min: 0.3, max: 0.9, noNaN: true }),
      (bars, folds, inSampleFraction) => {
        const result = walkForwardFolds(bars, { folds, inSampleFraction });
        expect(result).toHaveLength(folds);
        result.forEach((fold, i) => {
          const { inSample, outOfSample } = fold;
          expect(inSample!.start).toBeGreaterThanOrEqual(0);
          expect(inSample!.end).toBe(outOfSample.start);
          expect(outOfSample.end).toBeLessThanOrEqual(bars);
          expect(outOfSample.end - outOfSample.start).toBeGreaterThanOrEqual(2);
          // Every fold has the same window lengths (rolling, not anchored).
          expect(inSample!.end - inSample!.start).toBe(result[0]!.inSample!.end - result[0]!.inSample!.start);
          if (i > 0) expect(outOfSample.start).toBe(result[i - 1]!.outOfSample.end);
        });
        expect(result[folds - 1]!.outOfSample.end).toBe(bars);
      },
    ), { numRuns: 200 });
  });

  it('refuses splits that leave windows of under two bars, or nonsense settings', () => {
    expect(() => walkForwardFolds(10, { folds: 8, inSampleFraction: 0.5 })).toThrow('10 bars are too few for 8 folds at an in-sample fraction of 0.5');
    expect(() => walkForwardFolds(1000, { folds: 0, inSampleFraction: 0.5 })).toThrow('walk-forward folds must be a positive integer, got 0');
    expect(() => walkForwardFolds(1000, { folds: 2, inSampleFraction: 1 })).toThrow('inSampleFraction must be in (0, 1), got 1');
  });
});

describe('sandbox windows', () => {
  it('evaluates on the last bars, after everything the hypotheses were generated from', () => {
    expect(sandboxWindows({ barCount: 500, evaluationBars: 120, warmupBars: 40 })).toEqual({
      generation: { start: 0, end: 380 },
      evaluation: { start: 380, end: 500 },
      fold: { index: 0, outOfSample: { start: 380, end: 500 } },
    });
    expect(sandboxWindows({ barCount: 500, evaluationBars: 120, warmupBars: 40, generatedThroughBar: 300 }).evaluation.start).toBe(380);
  });

  it('refuses an evaluation window that would overlap the data a hypothesis came from, or leave no room to generate', () => {
    expect(() => sandboxWindows({ barCount: 500, evaluationBars: 120, warmupBars: 40, generatedThroughBar: 381 }))
      .toThrow('hypotheses were generated from bars up to 381, past the start of the window they are judged on at 380: the test would not be out of sample');
    expect(() => sandboxWindows({ barCount: 150, evaluationBars: 120, warmupBars: 40 })).toThrow('150 bars leave 30 before the 120-bar evaluation window; at least 40 are needed');
  });

  it('ranks on a selection window of its own between generation and evaluation when asked', () => {
    expect(sandboxWindows({ barCount: 600, evaluationBars: 120, warmupBars: 40, withSelection: true })).toEqual({
      generation: { start: 0, end: 360 },
      selection: { range: { start: 360, end: 480 }, fold: { index: 0, outOfSample: { start: 360, end: 480 } } },
      evaluation: { start: 480, end: 600 },
      fold: { index: 0, outOfSample: { start: 480, end: 600 } },
    });
    // Fewer bars before the evaluation window than two of its length: they are halved between generation and selection.
    const short = sandboxWindows({ barCount: 480, evaluationBars: 240, warmupBars: 40, withSelection: true });
    expect([short.generation, short.selection!.range, short.evaluation]).toEqual([{ start: 0, end: 120 }, { start: 120, end: 240 }, { start: 240, end: 480 }]);
    expect(() => sandboxWindows({ barCount: 500, evaluationBars: 120, warmupBars: 40, withSelection: true, generatedThroughBar: 300 }))
      .toThrow('hypotheses were generated from bars up to 300, past the start of the window they are ranked on at 260');
    expect(() => sandboxWindows({ barCount: 200, evaluationBars: 120, warmupBars: 50, withSelection: true })).toThrow('200 bars leave 80 before the 120-bar evaluation window');
  });
});

describe('final holdout', () => {
  it('sets the last share of the bars aside, the search keeping the rest', () => {
    expect(finalHoldout(2400, 0.2)).toEqual({ searchBars: 1920, holdout: { start: 1920, end: 2400 } });
    expect(finalHoldout(1001, 0.25)).toEqual({ searchBars: 751, holdout: { start: 751, end: 1001 } });
    expect(() => finalHoldout(9, 0.2)).toThrow('9 bars hold out only 1 at a fraction of 0.2; at least 2 are needed');
    expect(() => finalHoldout(1000, 1)).toThrow('holdout fraction must be in (0, 1), got 1');
  });
});
