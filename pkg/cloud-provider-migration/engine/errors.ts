/**
 * Every failure the engine, the api layer or the command-line planner reports is a MigrationError:
 * a stable `code` (tests match on it), an l10n key relative to `cloudProviderMigration.` with params,
 * and an English message that says what is wrong and what to do.
 */
export type MigrationErrorCode =
  | 'NOT_A_CLUSTER' // the input is not a provisioning, management or Norman cluster object
  | 'MALFORMED_INPUT' // JSON/YAML that does not parse, or a field of the wrong type
  | 'INVALID_MANIFEST' // spec.rkeConfig.additionalManifest is not valid YAML
  | 'UNKNOWN_PROVIDER' // a cloud provider name the engine does not know
  | 'INVALID_OPTION' // an unknown option or a bad option value
  | 'INVALID_TARGET_VERSION' // not a version, a downgrade, or more than one minor ahead
  | 'UNSUPPORTED_VERSION' // no CCM release is known for that Kubernetes minor
  | 'SPEC_CONFLICT' // someone else changed what the step owns
  | 'FORBIDDEN' // the user may not do this
  | 'NOT_FOUND'
  | 'API_UNAVAILABLE'; // 5xx, network error, timeout

export class MigrationError extends Error {
  readonly code: MigrationErrorCode;
  readonly messageKey: string;
  readonly params: Record<string, string | number>;
  readonly cause?: unknown;

  constructor(code: MigrationErrorCode, message: string, opts: { key?: string; params?: Record<string, string | number>; cause?: unknown } = {}) {
    super(message);
    this.name = 'MigrationError';
    this.code = code;
    this.messageKey = opts.key || `errors.${ code }`;
    this.params = opts.params || {};
    this.cause = opts.cause;
  }
}

export function isMigrationError(e: unknown): e is MigrationError {
  return e instanceof MigrationError;
}
