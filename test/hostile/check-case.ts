import type { CaseRun } from './run-case.js';
import type { HostileCase } from './hostile-case.js';
import { DEFAULT_BOUNDS } from './hostile-case.js';

interface ReportIssue {
  code: string;
  where: string;
}
interface ReportPart {
  where: string;
  status: string;
}
interface Report {
  verdict: string;
  messages: { issues: ReportIssue[]; parts: ReportPart[] }[];
}

/** What a run gave, in the terms of a case's expectation. */
export interface Outcome {
  exit: number | null;
  verdict?: string;
  /** `code@where`, sorted, duplicates removed. */
  issues: string[];
  /** Parts neither scanned nor skipped that no issue names (at the part or above it). */
  silent: string[];
  messages?: number;
}

const key = (i: ReportIssue) => `${i.code}@${i.where}`;

/** An issue covers a part when it names the part or a container of it (`a.zip` covers `a.zip!b.csv`). */
const covers = (issueWhere: string, partWhere: string) => partWhere === issueWhere || partWhere.startsWith(`${issueWhere}!`) || partWhere.startsWith(`${issueWhere}#`);

/** Reads the JSON report of a run (none on exit 3 or a crash). */
export function outcomeOf(run: CaseRun): Outcome {
  let report: Report | undefined;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    return { exit: run.exit, issues: [], silent: [] };
  }
  const issues = report.messages.flatMap((m) => m.issues);
  const silent = report.messages.flatMap((m) => m.parts
    .filter((p) => p.status !== 'scanned' && p.status !== 'skipped')
    .filter((p) => !m.issues.some((i) => covers(i.where, p.where)))
    .map((p) => p.where));
  return { exit: run.exit, verdict: report.verdict, issues: [...new Set(issues.map(key))].sort(), silent, messages: report.messages.length };
}

/** Every way a run falls short of its case, one line each; empty when it passes. */
export function problemsOf(c: HostileCase, run: CaseRun): string[] {
  const bounds = { ...DEFAULT_BOUNDS, ...c.bounds };
  const got = outcomeOf(run);
  const problems: string[] = [];
  if (run.hung) problems.push(`hang: killed after ${bounds.hangSeconds} s`);
  if (got.exit !== c.expected.exit) problems.push(`exit ${got.exit}, expected ${c.expected.exit}`);
  if (c.expected.exit !== 3 && got.verdict === undefined) problems.push('no JSON report on standard output');
  if (c.expected.verdict && got.verdict !== c.expected.verdict) problems.push(`verdict ${got.verdict}, expected ${c.expected.verdict}`);
  if (c.expected.messages !== undefined && got.messages !== c.expected.messages) problems.push(`${got.messages} messages, expected ${c.expected.messages}`);
  if (c.expected.issues) {
    const want = [...new Set(c.expected.issues)].sort();
    if (want.join('\n') !== got.issues.join('\n')) problems.push(`issues [${got.issues.join(', ')}], expected [${want.join(', ')}]`);
  }
  for (const issue of c.expected.issuesInclude ?? []) {
    if (!got.issues.includes(issue)) problems.push(`issue ${issue} missing`);
  }
  if (got.silent.length > 0) problems.push(`parts not read and without an issue: ${got.silent.slice(0, 5).join(', ')}`);
  problems.push(...stderrProblems(run.stderr));
  if (run.peakMb > bounds.peakMb) problems.push(`peak memory ${run.peakMb.toFixed(0)} MB, over ${bounds.peakMb} MB`);
  return problems;
}

/** Standard error holds at most short lines, one per problem: never a stack trace. */
function stderrProblems(stderr: string): string[] {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  const problems: string[] = [];
  if (lines.some((l) => /^\s+at\s/.test(l))) problems.push(`stack trace on standard error: ${lines[0].slice(0, 200)}`);
  else if (lines.some((l) => !l.startsWith('pii-scan'))) problems.push(`unexpected standard error: ${lines.find((l) => !l.startsWith('pii-scan'))?.slice(0, 200)}`);
  return problems;
}
