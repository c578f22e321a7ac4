import { AppError as CodedError, type ErrorCode } from './domain/errors.js';

/** @deprecated the old (code, status, message) form; the status now comes from the catalogue. */
export class AppError extends CodedError {
  constructor(code: ErrorCode, _status: number, message?: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}
