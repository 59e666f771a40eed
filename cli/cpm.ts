/**
 * cpm: the command-line planner. `cpm plan FILE [options]` prints the migration plan of a cluster exported from
 * Rancher (provisioning cluster, RKE1 management cluster from `kubectl get clusters.management.cattle.io -o yaml`,
 * or Norman v3 cluster; JSON or YAML). Argument parsing and printing only; every decision is the engine's.
 * A failure is one line on stderr: for a MigrationError its l10n text from l10n/en-us.yaml (the text the tab shows)
 * and its code, exit code 1; a mistake in the command line exits 2.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import {
  MigrationError, existingCcmOf, isMigrationError, parseClusterText, planMigration, renderMessage, type PlanOptions,
} from '../pkg/cloud-provider-migration/engine';
import { OPTION_HELP, parseCliArgs, type PlanCommand } from './cliArgs';
import { Dict, planJson, planText } from './planOutput';

const L10N_FILE = resolve(__dirname, '../pkg/cloud-provider-migration/l10n/en-us.yaml');

/** What `cpm` says for a MigrationError: the l10n text of its key with its params (as the tab shows it), then the code. */
export function migrationErrorText(e: MigrationError, dict: Dict): string {
  return `${ renderMessage(e.toMessage(), dict) } [${ e.code }]`;
}

function helpText(dict: Dict): string {
  const option = (key: string) => renderMessage({ key: `options.${ key }` }, dict);
  const rows = OPTION_HELP.map(([flag, key]) => `  ${ flag.padEnd(36) }${ option(key) }`);

  return `${ option('usage') }\n\n${ rows.join('\n') }\n`;
}

/** One line on stderr, no stack trace. */
function fail(message: string, code: number): number {
  process.stderr.write(`cpm: ${ message.replace(/\s*\n\s*/g, ' ') }\n`);

  return code;
}

/**
 * What the cluster object cannot show, from files a kubectl user exports: the CCM DaemonSet (`kubectl -n kube-system
 * get daemonset aws-cloud-controller-manager -o yaml`, or `none`) and the nodes (`kubectl get nodes -o yaml`).
 */
function liveOptions(command: PlanCommand, read: (file: string) => string): Pick<PlanOptions, 'existingCcm' | 'nodes'> {
  const out: Pick<PlanOptions, 'existingCcm' | 'nodes'> = {};

  if (command.ccmDaemonSet !== undefined) {
    out.existingCcm = command.ccmDaemonSet === 'none' ? null : existingCcmOf(parseKubeObject(read(command.ccmDaemonSet), 'DaemonSet', command.ccmDaemonSet) as any);
  }
  if (command.nodesFile !== undefined) {
    const list = parseKubeObject(read(command.nodesFile), 'List', command.nodesFile);

    out.nodes = Array.isArray(list.items) ? list.items : [list];
  }

  return out;
}

/** A Kubernetes object (or List) from JSON or YAML; throws NOT_A_KUBE_OBJECT when it is neither. */
function parseKubeObject(text: string, kind: string, file: string): Record<string, any> {
  let obj: unknown;

  try {
    obj = parse(text);
  } catch (e) {
    obj = undefined;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new MigrationError('NOT_A_KUBE_OBJECT', `The ${ kind } file ${ file } is not a Kubernetes object in JSON or YAML.`, { params: { kind, file } });
  }

  return obj as Record<string, any>;
}

export function main(argv: string[]): number {
  const dict: Dict = parse(readFileSync(L10N_FILE, 'utf8'));
  const text = (key: string, params: Record<string, string>) => renderMessage({ key: `options.text.${ key }`, params }, dict);
  let command;

  try {
    command = parseCliArgs(argv);
  } catch (e) {
    return fail(text('usageError', { message: (e as Error).message.split('. ')[0] }), 2);
  }
  if (command.command === 'help') {
    process.stdout.write(helpText(dict));

    return 0;
  }
  let content: string;

  try {
    content = readFileSync(command.file, 'utf8');
  } catch (e) {
    return fail(text('readFailed', { file: command.file, message: (e as NodeJS.ErrnoException).code || (e as Error).message }), 1);
  }
  const texts = new Map<string, string>();

  for (const file of [command.ccmDaemonSet, command.nodesFile]) {
    if (file !== undefined && file !== 'none') {
      try {
        texts.set(file, readFileSync(file, 'utf8'));
      } catch (e) {
        return fail(text('readFailed', { file, message: (e as NodeJS.ErrnoException).code || (e as Error).message }), 1);
      }
    }
  }
  try {
    const options = { ...command.options, ...liveOptions(command, (file) => texts.get(file)!) };
    const plan = planMigration(parseClusterText(content), options);

    process.stdout.write(command.output === 'json' ? `${ JSON.stringify(planJson(plan, dict), null, 2) }\n` : planText(plan, dict));

    return 0;
  } catch (e) {
    if (isMigrationError(e)) {
      return fail(migrationErrorText(e, dict), 1);
    }

    return fail(text('unexpected', { message: (e as Error)?.message || String(e) }), 1);
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
