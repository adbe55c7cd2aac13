/**
 * The one place errors become HTTP answers: RFC 9457 `application/problem+json` with a stable `code`.
 * Unknown errors are logged and answered with a generic 500 that reveals nothing internal.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.js';

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  instance?: string;
  /** Per-field problems of an invalid request. */
  errors?: { path: string; message: string }[];
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemBody(
  code: ErrorCode,
  detail: string | undefined,
  request: FastifyRequest,
  publicUrl: string,
): ProblemBody {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `${publicUrl}/docs/errors#${code.toLowerCase()}`,
    title,
    status,
    ...(detail !== undefined && detail !== title ? { detail } : {}),
    code,
    instance: request.id,
  };
}

type ValidationIssue = {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
};

function issueMessage(issue: ValidationIssue): string {
  const params = issue.params ?? {};
  if (params.additionalProperty !== undefined) {
    return 'is not a property this accepts';
  }
  if (params.missingProperty !== undefined) {
    return 'is required';
  }
  if (issue.keyword === 'const') {
    return `must be ${JSON.stringify(params.allowedValue)}`;
  }
  if (issue.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return issue.message ?? 'is not valid';
}

/**
 * Ajv's errors as `{ path, message }` with dotted paths. An `anyOf` (a nullable field, an enumeration
 * that also takes `ext:` terms, a union of constants) is reported once: the problems inside the value
 * when there are any, else what each alternative wanted, joined with "or".
 */
function explainValidation(issues: readonly ValidationIssue[]): { path: string; message: string }[] {
  const at = (issue: ValidationIssue) => issue.instancePath ?? '';
  const isAboutProperty = (issue: ValidationIssue) =>
    issue.params?.missingProperty !== undefined || issue.params?.additionalProperty !== undefined;
  const pathOf = (issue: ValidationIssue) => {
    const property = issue.params?.missingProperty ?? issue.params?.additionalProperty;
    const base = at(issue).replace(/^\//, '').replace(/\//g, '.');
    return property === undefined ? base : `${base}${base ? '.' : ''}${String(property)}`;
  };
  const anyOfAt = new Set(issues.filter((issue) => issue.keyword === 'anyOf').map(at));
  /** Problems inside the value at `path` (its properties or items), as opposed to with the value itself. */
  const hasInner = (path: string) =>
    issues.some(
      (issue) => at(issue).startsWith(`${path}/`) || (at(issue) === path && isAboutProperty(issue)),
    );
  const out: { path: string; message: string }[] = [];
  const alternatives = new Map<string, string[]>();
  for (const issue of issues) {
    if (issue.keyword === 'anyOf') {
      continue;
    }
    if (anyOfAt.has(at(issue)) && !isAboutProperty(issue)) {
      if (!hasInner(at(issue))) {
        const wanted = alternatives.get(at(issue)) ?? [];
        wanted.push(issueMessage(issue));
        alternatives.set(at(issue), wanted);
      }
      continue;
    }
    out.push({ path: pathOf(issue), message: issueMessage(issue) });
  }
  for (const [path, wanted] of alternatives) {
    out.push({ path: pathOf({ instancePath: path }), message: [...new Set(wanted)].join(', or ') });
  }
  return out;
}

/** Maps Fastify's own errors (validation, body parsing, limits) and AppErrors to a code and detail. */
export function classify(error: FastifyError | AppError | Error): {
  code: ErrorCode;
  detail?: string;
  errors?: ProblemBody['errors'];
} {
  if (error instanceof AppError) {
    const errors = fieldErrors(error.cause);
    return {
      code: error.code,
      ...(error.detail !== undefined ? { detail: error.detail } : {}),
      ...(errors ? { errors } : {}),
    };
  }
  const fastifyError = error as FastifyError & {
    validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
  };
  if (fastifyError.validation) {
    const errors = explainValidation(fastifyError.validation);
    const context = (fastifyError as { validationContext?: string }).validationContext ?? 'body';
    return {
      code: 'INVALID_INPUT',
      detail: `The request ${context} is not valid: ${errors.map((issue) => `${issue.path || context} ${issue.message}`).join('; ')}`,
      errors,
    };
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return { code: 'PAYLOAD_TOO_LARGE', detail: fastifyError.message };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', detail: fastifyError.message };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'INVALID_JSON', detail: fastifyError.message };
    default:
      break;
  }
  if (fastifyError.statusCode === 429) {
    return { code: 'RATE_LIMITED', detail: fastifyError.message };
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return { code: 'INVALID_JSON', detail: error.message };
  }
  if (fastifyError.statusCode === 404) {
    return { code: 'NOT_FOUND' };
  }
  if (
    fastifyError.statusCode !== undefined &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return { code: 'INVALID_INPUT', detail: fastifyError.message };
  }
  return { code: 'INTERNAL' };
}

/**
 * Per-field problems an AppError carries as its `cause` (the credential builders attach their
 * `{ path, message }` issues there), or undefined.
 */
function fieldErrors(cause: unknown): ProblemBody['errors'] {
  if (!Array.isArray(cause) || cause.length === 0) {
    return undefined;
  }
  const errors: { path: string; message: string }[] = [];
  for (const item of cause) {
    const issue = item as { path?: unknown; message?: unknown } | null;
    if (typeof issue?.path !== 'string' || typeof issue.message !== 'string') {
      return undefined;
    }
    errors.push({ path: issue.path, message: issue.message });
  }
  return errors;
}

/**
 * Sends the problem. `extensions` are extra members (RFC 9457 §3.2), such as a verification report;
 * they never replace the standard members.
 */
export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  publicUrl: string,
  problem: {
    code: ErrorCode;
    detail?: string;
    errors?: ProblemBody['errors'];
    extensions?: Record<string, unknown>;
  },
): FastifyReply {
  const body = problemBody(problem.code, problem.detail, request, publicUrl);
  if (problem.errors) {
    body.errors = problem.errors;
  }
  return reply
    .status(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problem.extensions ? { ...problem.extensions, ...body } : body);
}
