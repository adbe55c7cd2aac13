export { AppError, ERROR_CODES, type ErrorCode } from './errors.js';
