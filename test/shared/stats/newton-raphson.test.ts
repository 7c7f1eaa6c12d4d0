/**
 * newtonRaphson (shared/stats/newton-raphson.ts) against R's own loops: a one-covariate Breslow Cox
 * partial likelihood on ten rows, written out here as a Newton problem, started far from its maximum
 * (coxph's init = -4, 5, 8) so that steps overshoot and are halved, under coxph's coxfit6 rule and
 * agreg's agfit4 rule (the same model on (0, t] intervals), with iter.max 20 and 2 (run out): β, ℓ at
 * the start and at the end, the score statistic at the start and R's iter
 * (test/shared/stats/fixtures/newton-raphson.R). The glm rule is tested through fitLogistic
 * (logistic-regression.test.ts: iterations equal to glm's).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newtonRaphson, type NewtonRaphsonProblem, type NewtonRule } from '../../../shared/stats/newton-raphson';
import { expectClose } from '../../helpers/compare';

interface Case {
  rule: NewtonRule;
  initial: number;
  maxIterations: number;
  beta: number;
  logLikStart: number;
  logLik: number;
  scoreStatistic: number;
  iterations: number;
}
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'newton-raphson.json'), 'utf8')) as { time: number[]; status: number[]; x: number[]; cases: Case[] };

/** ℓ(β) = Σ_events [x_i β − log Σ_{t_j ≥ t_i} e^{x_j β}], its score and information (distinct times). */
function breslowProblem(time: number[], status: number[], x: number[]): NewtonRaphsonProblem & { factored: number } {
  const score = new Float64Array(1);
  let information = 0;
  const problem = {
    dimension: 1,
    score,
    factored: 0,
    evaluate(beta: Float64Array): number {
      let logLik = 0;
      score[0] = 0;
      information = 0;
      for (let i = 0; i < time.length; i++) {
        if (status[i] !== 1) continue;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        for (let j = 0; j < time.length; j++) {
          if (time[j] < time[i]) continue;
          const r = Math.exp(x[j] * beta[0]);
          s0 += r;
          s1 += r * x[j];
          s2 += r * x[j] * x[j];
        }
        logLik += x[i] * beta[0] - Math.log(s0);
        score[0] += x[i] - s1 / s0;
        information += s2 / s0 - (s1 / s0) ** 2;
      }
      return logLik;
    },
    factorInformation(): number {
      problem.factored = information;
      return information > 0 ? 1 : 0;
    },
    derivativesFinite: () => Number.isFinite(score[0]) && Number.isFinite(information),
    newtonStep(_beta: Float64Array, step: Float64Array): void {
      step[0] = score[0] / problem.factored;
    },
  };
  return problem;
}

describe('newtonRaphson against coxph (coxfit6) and agreg (agfit4)', () => {
  for (const c of fixture.cases) {
    it(`${c.rule}, init ${c.initial}, iter.max ${c.maxIterations}`, () => {
      const problem = breslowProblem(fixture.time, fixture.status, fixture.x);
      const fit = newtonRaphson(problem, { rule: c.rule, maxIterations: c.maxIterations, epsilon: 1e-9, initial: Float64Array.of(c.initial) });
      expectClose(fit.beta[0], c.beta, 'beta');
      expectClose(fit.logLikStart, c.logLikStart, 'loglik at init');
      expectClose(fit.logLik, c.logLik, 'loglik');
      expectClose(fit.scoreStatistic, c.scoreStatistic, 'score statistic at init');
      expect(fit.iterations).toBe(c.iterations);
      expect(fit.converged).toBe(c.maxIterations === 20);
      expect(fit.ranOut).toBe(c.maxIterations !== 20);
    });
  }

  it('halves steps that overshoot: from init -4 both trials of iter.max 2 are worse, so R keeps the start', () => {
    const c = fixture.cases.find((k) => k.rule === 'coxfit6' && k.initial === -4 && k.maxIterations === 2)!;
    expect(c.beta).toBe(-4);
    const fit = newtonRaphson(breslowProblem(fixture.time, fixture.status, fixture.x), { rule: 'coxfit6', maxIterations: 20, epsilon: 1e-9, initial: Float64Array.of(-4) });
    expect(fit.halvings).toBeGreaterThan(0);
  });

  it('stops at the start with iter.max 0 or a non-finite start', () => {
    const fit = newtonRaphson(breslowProblem(fixture.time, fixture.status, fixture.x), { rule: 'coxfit6', maxIterations: 0, epsilon: 1e-9 });
    expect(fit.iterations).toBe(0);
    expect(fit.iterated).toBe(false);
    expect(fit.beta[0]).toBe(0);
    const huge = newtonRaphson(breslowProblem(fixture.time, fixture.status, fixture.x), { rule: 'agfit4', maxIterations: 20, epsilon: 1e-9, initial: Float64Array.of(1e6) });
    expect(huge.iterated).toBe(false);
    expect(huge.beta[0]).toBe(1e6);
  });
});
