import { LocalConfigError } from './config.js';

export type StartupErrorCode =
  | 'AWS_CREDENTIALS_MISSING'
  | 'AWS_REGION_MISSING'
  | 'DYNAMODB_UNREACHABLE'
  | 'DYNAMODB_REFUSED'
  | 'TABLE_NOT_FOUND'
  | 'PORT_UNAVAILABLE'
  | 'REGION_LIST_FAILED';

/** Local mode cannot start as configured; `npm start` prints the message and the code, one line. */
export class LocalStartupError extends LocalConfigError {
  constructor(
    readonly code: StartupErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The one line `npm start` prints for a configuration or start-up error. */
export function startupErrorLine(error: LocalConfigError): string {
  const code = error instanceof LocalStartupError ? error.code : 'INVALID_ENVIRONMENT';
  return `bedrock-profile-catalog: ${error.message} [${code}]`;
}
