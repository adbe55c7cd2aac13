/** The `cairn` package as a library: the isomorphic core, and the error catalog. */
export * from './core/index.js';
export { AppError, ERROR_CODES, type ErrorCode } from './errors.js';
