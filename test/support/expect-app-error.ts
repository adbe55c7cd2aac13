import { expect } from 'vitest';
import { AppError, type ErrorCode } from '../../src/errors.js';

/** Runs `run` and checks that it throws an AppError with `code` (and a message matching `message`). */
export function expectAppError(run: () => unknown, code: ErrorCode, message?: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe(code);
  if (message) {
    expect((thrown as AppError).message).toMatch(message);
  }
}
