import type { Message } from './types';

/**
 * Every failure the engine, the api layer or the command-line planner reports is a MigrationError: a stable `code`
 * per kind of fault (tests and callers match on it), an l10n key relative to `cloudProviderMigration.` and its params.
 * What a user reads is that key rendered from the l10n files with the params: the tab translates it with `t()`
 * (composables/useMessages.ts), `cpm` renders it from l10n/en-us.yaml with renderMessage (cli/cpm.ts). The Error's
 * own `message` is a developer-only detail (logs, stack traces, the parser's own words); no user interface shows it.
 *
 * The key is `errors.<code>` unless the fault needs a more precise text: the api layer words HTTP failures with the
 * request in `api.errors.*`, and a code may have a few texts (a target version that is not a version, a downgrade,
 * too far ahead), each under its own key.
 */
export const MIGRATION_ERROR_CODES = [
  'NOT_A_CLUSTER', // the input is an object, but not a provisioning, management or Norman cluster
  'NOT_AN_OBJECT', // the cluster file parses but holds a list, a scalar or nothing instead of one object
  'MALFORMED_INPUT', // the cluster file is not valid JSON or YAML
  'NOT_A_KUBE_OBJECT', // cpm: a --ccm-daemonset or --nodes file is not a Kubernetes object in JSON or YAML
  'INVALID_MANIFEST', // spec.rkeConfig.additionalManifest (or the CCM HelmChart's valuesContent) is not valid YAML
  'UNKNOWN_PROVIDER', // a cloud provider name the engine does not know
  'INVALID_OPTION', // an unknown option or a bad option value
  'INVALID_CLUSTER_VERSION', // the cluster's own Kubernetes version does not parse
  'INVALID_TARGET_VERSION', // the target is not a version of the distro, a downgrade, or more than one minor ahead
  'UNSUPPORTED_VERSION', // no CCM release is known for that Kubernetes minor
  'INCOMPLETE_OBJECT', // an object to save lacks what a safe write needs (id, namespace/name, resourceVersion)
  'SPEC_CONFLICT', // someone else changed what the step owns (HTTP 409, or a Norman write overwritten)
  'ROLLBACK_REFUSED', // a step's rollback is not safe (or not possible) on the cluster as it is now
  'FORBIDDEN', // HTTP 401/403: the user may not do this
  'NOT_FOUND', // HTTP 404
  'REQUEST_REJECTED', // HTTP 400, 422 and other 4xx: the server refused the request as sent
  'API_UNAVAILABLE', // no answer (network error, timeout), HTTP 5xx, 408 or 429
] as const;

export type MigrationErrorCode = typeof MIGRATION_ERROR_CODES[number];

export class MigrationError extends Error {
  readonly code: MigrationErrorCode;
  readonly messageKey: string;
  readonly params: Record<string, string | number>;
  readonly cause?: unknown;

  /** `message`: the developer-only detail; users read `messageKey` rendered with `params`. */
  constructor(code: MigrationErrorCode, message: string, opts: { key?: string; params?: Record<string, string | number>; cause?: unknown } = {}) {
    super(message);
    this.name = 'MigrationError';
    this.code = code;
    this.messageKey = opts.key || `errors.${ code }`;
    this.params = opts.params || {};
    this.cause = opts.cause;
  }

  /** What a user reads: the l10n key and its params, for renderMessage or the shell's `t()`. */
  toMessage(): Message {
    return { key: this.messageKey, params: this.params };
  }
}

export function isMigrationError(e: unknown): e is MigrationError {
  return e instanceof MigrationError;
}
