/** Collects an Open Badges 2.0 verification's checks into the report every verifier in Cairn returns. */
import { type Problem, type ProblemName, problem } from '../../proofs/problems.js';
import type { CheckStatus, Verdict, VerificationReport } from '../report.js';
import { worst } from '../verdict.js';
import type { Json } from './ob2-input.js';

export class Ob2Report {
  readonly checks: VerificationReport['checks'] = [];
  readonly problems: Problem[] = [];
  readonly warnings: string[] = [];
  private readonly verdicts: Verdict[] = [];

  /**
   * Adds a check. A failed or unknown check names the verdict it leads to (unknown: `unknown`); a
   * failed one also records a VCDM problem (default MALFORMED_VALUE_ERROR).
   */
  add(
    check: string,
    status: CheckStatus,
    detail: string,
    verdict?: Verdict,
    problemName?: ProblemName,
  ): void {
    this.checks.push({ check, status, detail });
    if (status === 'passed') {
      return;
    }
    this.verdicts.push(verdict ?? (status === 'unknown' ? 'unknown' : 'invalid'));
    if (status === 'failed' || problemName) {
      this.problems.push(problem(problemName ?? 'MALFORMED_VALUE_ERROR', detail));
    }
  }

  finish(format: 'ob2-hosted' | 'ob2-signed', credential: Json | null): VerificationReport {
    const verified = this.checks.length > 0 && this.checks.every((check) => check.status === 'passed');
    return {
      verified,
      verdict: verified ? 'valid' : worst(this.verdicts.length > 0 ? this.verdicts : ['unknown']),
      format,
      kind: 'Assertion',
      credential,
      checks: this.checks,
      problems: this.problems,
      warnings: this.warnings,
    };
  }
}
