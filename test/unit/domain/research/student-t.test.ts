import { normalCdf } from '../../../../domain/math/statistics';
import { studentTCdf } from '../../../../domain/research/student-t';

describe("Student's t distribution", () => {
  it('matches the closed forms for 1, 2 and 3 degrees of freedom', () => {
    for (const t of [-4, -1.3, -0.2, 0, 0.5, 1, 2.4495, 7]) {
      // One degree of freedom is the Cauchy distribution: 1/2 + atan(t)/π.
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
      const u = t / Math.sqrt(3);
      expect(studentTCdf(t, 3)).toBeCloseTo(0.5 + (u / (1 + u * u) + Math.atan(u)) / Math.PI, 12);
    }
  });

  it('puts tabulated quantiles where the tables do and tends to the normal as the sample grows', () => {
    // t(0.95, 10) = 1.812461, t(0.90, 39) = 1.303639, t(0.975, 30) = 2.042272.
    expect(studentTCdf(1.812461, 10)).toBeCloseTo(0.95, 6);
    expect(studentTCdf(1.303639, 39)).toBeCloseTo(0.9, 6);
    expect(studentTCdf(-2.042272, 30)).toBeCloseTo(0.025, 6);
    expect(studentTCdf(1.2816, 100_000)).toBeCloseTo(normalCdf(1.2816), 5);
    // A normal quantile asks too little of a short sample: 1.2816 is only the 89.6th percentile of t with 39 df.
    expect(studentTCdf(1.2816, 39)).toBeLessThan(0.9);
  });

  it('handles infinite statistics and refuses degrees of freedom that mean nothing', () => {
    expect(studentTCdf(Infinity, 5)).toBe(1);
    expect(studentTCdf(-Infinity, 5)).toBe(0);
    expect(() => studentTCdf(1, 0)).toThrow("Student's t needs positive degrees of freedom, got 0");
  });
});
