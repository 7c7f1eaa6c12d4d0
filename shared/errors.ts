/**
 * Errors meant for the person using the app: the message is one line that already names the file,
 * line and column where that applies, so the CLI and the UI show it as is (never a stack trace).
 */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly location?: { file?: string; line?: number; column?: number | string },
  ) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
    this.name = 'UserFacingError';
  }
}

/** The user cancelled a long operation (an import); nothing was changed. */
export class CancelledError extends UserFacingError {
  constructor(message: string, location?: { file?: string }) {
    super(message, location);
    this.name = 'CancelledError';
  }
}

/** An error in the user's request or data, worded for the user (one line, no stack). */
export class AnalysisError extends UserFacingError {
  override name = 'AnalysisError';
}
