import type { Message, MigrationPlan, PlanStep } from '../pkg/cloud-provider-migration/engine';
import { passedByLaterStep, renderMessage } from '../pkg/cloud-provider-migration/engine';

/** Printing of a plan: the JSON contract and the readable text form. Strings come from the l10n file. */

export type Dict = Record<string, any>;

function step(s: PlanStep, dict: Dict): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id:          s.id,
    action:      s.action,
    done:        s.done,
    live:        s.live,
    optional:    s.optional,
    title:       renderMessage(s.title, dict),
    description: renderMessage(s.description, dict),
    warnings:    s.warnings.map((w) => renderMessage(w, dict)),
  };

  (['object', 'chart', 'diff', 'commands', 'runsIn', 'selector'] as const).forEach((k) => {
    if (s[k] !== undefined) {
      out[k] = s[k];
    }
  });

  return out;
}

/** The JSON document `cpm plan --output json` prints. */
export function planJson(plan: MigrationPlan, dict: Dict): Record<string, unknown> {
  const out: Record<string, unknown> = { cluster: plan.cluster, status: plan.status };

  if (plan.reason) {
    out.reason = renderMessage(plan.reason, dict);
  }
  out.strategy = plan.strategy;
  if (plan.recommendedStrategy) {
    out.recommendedStrategy = plan.recommendedStrategy;
  }
  out.finalVersion = plan.finalVersion;
  out.preflight = plan.preflight.map((c) => ({ id: c.id, severity: c.severity, message: renderMessage(c.message, dict) }));
  out.steps = plan.steps.map((s) => step(s, dict));

  return out;
}

function indent(text: string, prefix: string): string {
  return text.replace(/\n$/, '').split('\n').map((l) => `${ prefix }${ l }`).join('\n');
}

/** The readable summary `cpm plan` prints by default. */
export function planText(plan: MigrationPlan, dict: Dict): string {
  const t = (key: string, params?: Message['params']) => renderMessage({ key: `options.text.${ key }`, params }, dict);
  const lines: string[] = [
    t('cluster', { name: plan.cluster.name, distro: plan.cluster.distro, version: plan.cluster.kubernetesVersion || '-' }),
    t('status', { status: renderMessage({ key: `status.${ plan.status }` }, dict) }),
  ];

  if (plan.reason) {
    lines.push(t('reason', { reason: renderMessage(plan.reason, dict) }));
  }
  if (plan.status === 'not-applicable') {
    return `${ lines.join('\n') }\n`;
  }
  lines.push(t('strategy', { strategy: renderMessage({ key: `strategy.${ plan.strategy }` }, dict) }));
  lines.push(t('finalVersion', { version: plan.finalVersion }));
  if (plan.preflight.length) {
    lines.push('', t('preflight'));
    plan.preflight.forEach((c) => lines.push(`  [${ c.severity }] ${ renderMessage(c.message, dict) }`));
  }
  if (plan.differences?.length) {
    lines.push('', t('differences'));
    plan.differences.forEach((m) => lines.push(`  - ${ renderMessage(m, dict) }`));
  }
  lines.push('', t('steps'));
  plan.steps.forEach((s, i) => {
    // A live step before an update step that is already in the object has happened, or no longer applies (it is
    // still `done: false` in JSON: the planner cannot see the live cluster). Say so rather than "to do".
    const movedPast = s.live && !s.done && passedByLaterStep(plan.steps, i);
    const state = s.done ? t('done') : movedPast ? t('movedPast') : t('todo');
    const marks = [state, ...(s.live ? [t('live')] : []), ...(s.optional ? [t('optional')] : [])];

    lines.push('', `${ i + 1 }. [${ s.done ? 'x' : movedPast ? '-' : ' ' }] ${ renderMessage(s.title, dict) } (${ s.id }, ${ s.action }; ${ marks.join(', ') })`);
    lines.push(indent(renderMessage(s.description, dict), '   '));
    s.warnings.forEach((w) => lines.push(`   ! ${ renderMessage(w, dict) }`));
    if (s.chart) {
      lines.push(`   ${ t('chart', { name: s.chart.name, version: s.chart.version, repo: s.chart.repo, namespace: s.chart.namespace }) }`);
    }
    if (s.diff) {
      lines.push(`   ${ t('diff') }:`, indent(s.diff, '     '));
    }
    if (s.commands?.length) {
      lines.push(`   ${ t('commands') } (${ t(`runsIn.${ s.runsIn || 'downstream' }`) }):`);
      // Only the first line of a command is indented: the lines after it (a heredoc body and its EOF) must stay
      // exactly as they are, or the pasted command never ends.
      s.commands.forEach((c) => lines.push(`     $ ${ c }`));
    }
  });

  return `${ lines.join('\n') }\n`;
}
