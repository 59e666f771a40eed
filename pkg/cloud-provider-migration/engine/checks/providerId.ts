/**
 * Has the AWS cloud provider initialised every node? (docs/rancher-behaviour.md#provider-id)
 *
 * The AWS provider writes `aws:///<availability-zone>/<instance-id>` (`aws:////<instance-id>` without a zone).
 * An empty providerID means no cloud provider has initialised the node yet: the CCM will set it (waiting).
 * Anything else, typically `rke2://<node>` from RKE2's embedded controller, is final: `spec.providerID` is
 * immutable once set, so the node must be deleted and registered again (failed).
 */
import type { CheckResult, NodeLike } from '../types';
import { detail, verdict } from './result';

export type ParsedProviderId =
  | { kind: 'aws'; zone: string; instanceId: string }
  | { kind: 'empty' }
  | { kind: 'other'; scheme: string };

const AWS_PROVIDER_ID = /^aws:\/\/\/([a-z0-9-]*)\/(i-[0-9a-f]+)$/;

export function parseProviderId(providerId: string | undefined | null): ParsedProviderId {
  const value = (providerId || '').trim();

  if (!value) {
    return { kind: 'empty' };
  }
  const aws = AWS_PROVIDER_ID.exec(value);

  if (aws) {
    return { kind: 'aws', zone: aws[1], instanceId: aws[2] };
  }
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(value);

  return { kind: 'other', scheme: scheme ? scheme[1] : '' };
}

export function checkProviderIds(nodes: NodeLike[]): CheckResult {
  if (!nodes.length) {
    return verdict('waiting', 'providerId.noNodes');
  }

  const wrong = nodes.filter((n) => parseProviderId(n.spec?.providerID).kind === 'other');
  const empty = nodes.filter((n) => parseProviderId(n.spec?.providerID).kind === 'empty');
  const total = nodes.length;

  if (wrong.length) {
    return verdict('failed', 'providerId.wrong', { count: wrong.length, total }, wrong.map((n) => detail('providerId.wrongNode', { node: n.metadata.name, providerId: n.spec?.providerID || '' })));
  }
  if (empty.length) {
    return verdict('waiting', 'providerId.empty', { count: empty.length, total }, empty.map((n) => detail('providerId.emptyNode', { node: n.metadata.name })));
  }

  return verdict('done', 'providerId.done', { total });
}
