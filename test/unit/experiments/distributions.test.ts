import { describe, expect, it } from 'vitest';
import {
  chiSquareCdf,
  chiSquareSurvival,
  logGamma,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
} from '../../../src/experiments/statistics/distributions.js';

// Reference values from standard tables (Abramowitz & Stegun; NIST/SEMATECH e-Handbook §1.3.6.7).
describe('distribution functions against published values', () => {
  it('log-gamma', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
  });
  it('normal CDF and quantile', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 12);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 20);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 10);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 9);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
  });
  it("Student's t CDF and quantile", () => {
    expect(studentTCdf(2.228138851986274, 10)).toBeCloseTo(0.975, 10);
    expect(studentTCdf(-2.015048373333024, 5)).toBeCloseTo(0.05, 10);
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12); // Cauchy
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 8);
    expect(studentTQuantile(0.995, 30)).toBeCloseTo(2.749995653567872, 8);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 5);
  });
  it('chi-square CDF', () => {
    expect(chiSquareCdf(3.841458820694124, 1)).toBeCloseTo(0.95, 10);
    expect(chiSquareCdf(5.991464547107979, 2)).toBeCloseTo(0.95, 10);
    expect(chiSquareSurvival(10.827566170662733, 1)).toBeCloseTo(0.001, 12);
    expect(chiSquareSurvival(36, 1)).toBeCloseTo(2 * 9.865876450377e-10, 18); // = 2Φ(−6)
  });
});
