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

/** Maps Fastify's own errors (validation, body parsing, limits) and AppErrors to a code and detail. */
export function classify(error: FastifyError | AppError | Error): {
  code: ErrorCode;
  detail?: string;
  errors?: ProblemBody['errors'];
} {
  if (error instanceof AppError) {
    return { code: error.code, ...(error.detail !== undefined ? { detail: error.detail } : {}) };
  }
  const fastifyError = error as FastifyError & {
    validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
  };
  if (fastifyError.validation) {
    const errors = fastifyError.validation.map((issue) => {
      const missing = issue.params?.missingProperty;
      const path = `${(issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.')}${missing ? `${issue.instancePath ? '.' : ''}${String(missing)}` : ''}`;
      return { path, message: issue.message ?? 'is not valid' };
    });
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
