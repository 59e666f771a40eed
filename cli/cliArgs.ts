import { parseArgs } from 'node:util';
import type { PlanOptions } from '../pkg/cloud-provider-migration/engine';

/** Command-line arguments of `cpm plan`: parsing only, the engine validates the values. */

export type OutputFormat = 'text' | 'json';

export interface PlanCommand {
  command: 'plan';
  file: string;
  output: OutputFormat;
  options: PlanOptions;
  /** `--ccm-daemonset`: a file with the DaemonSet (`kubectl get ds -o yaml`), or `none` when there is none. */
  ccmDaemonSet?: string;
  /** `--nodes`: a file with the nodes (`kubectl get nodes -o yaml`). */
  nodesFile?: string;
}

export type CliCommand = PlanCommand | { command: 'help' };

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {}

const OPTIONS = {
  strategy:                         { type: 'string' },
  'target-version':                 { type: 'string' },
  'rke2-external-mode':             { type: 'string' },
  'use-instance-metadata-hostname': { type: 'string' },
  'chart-repo':                     { type: 'string' },
  'system-default-registry':        { type: 'string' },
  'ccm-daemonset':                  { type: 'string' },
  nodes:                            { type: 'string' },
  output:                           { type: 'string', short: 'o' },
  help:                             { type: 'boolean', short: 'h' },
} as const;

/** Options in the order --help lists them, with their l10n keys under `options.`. */
export const OPTION_HELP: [string, string][] = [
  ['--strategy', 'strategy'],
  ['--target-version', 'targetVersion'],
  ['--rke2-external-mode', 'rke2ExternalMode'],
  ['--use-instance-metadata-hostname', 'useInstanceMetadataHostname'],
  ['--chart-repo', 'chartRepo'],
  ['--system-default-registry', 'systemDefaultRegistry'],
  ['--ccm-daemonset', 'ccmDaemonSet'],
  ['--nodes', 'nodes'],
  ['--output', 'output'],
  ['--help', 'help'],
];

function booleanOption(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (value !== 'true' && value !== 'false') {
    throw new UsageError(`--${ name } must be true or false, not "${ value }"`);
  }

  return value === 'true';
}

/** Parses argv (without node and the script). Throws UsageError for anything malformed. */
export function parseCliArgs(argv: string[]): CliCommand {
  let parsed;

  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;

  if (values.help || positionals.length === 0) {
    return { command: 'help' };
  }
  if (positionals[0] !== 'plan') {
    throw new UsageError(`unknown command "${ positionals[0] }" (the only command is plan)`);
  }
  if (positionals.length !== 2) {
    throw new UsageError(positionals.length < 2 ? 'plan needs the cluster file' : `plan takes one file, got ${ positionals.length - 1 }`);
  }
  const output = values.output || 'text';

  if (output !== 'text' && output !== 'json') {
    throw new UsageError(`--output must be text or json, not "${ output }"`);
  }
  const options: PlanOptions = {
    strategy:                    values.strategy as PlanOptions['strategy'],
    targetVersion:               values['target-version'],
    rke2ExternalMode:            values['rke2-external-mode'] as PlanOptions['rke2ExternalMode'],
    useInstanceMetadataHostname: booleanOption('use-instance-metadata-hostname', values['use-instance-metadata-hostname']),
    chartRepo:                   values['chart-repo'],
    systemDefaultRegistry:       values['system-default-registry'],
  };

  (Object.keys(options) as (keyof PlanOptions)[]).forEach((k) => options[k] === undefined && delete options[k]);

  const command: PlanCommand = { command: 'plan', file: positionals[1], output, options };

  if (values['ccm-daemonset'] !== undefined) {
    command.ccmDaemonSet = values['ccm-daemonset'];
  }
  if (values.nodes !== undefined) {
    command.nodesFile = values.nodes;
  }

  return command;
}
