/**
 * Do the Services of type LoadBalancer keep their load balancer once the CCM runs the cloud controllers?
 * (docs/rancher-behaviour.md#load-balancer-services)
 *
 * The cloud service controller (in kube-controller-manager before the switch, in the CCM after it) manages every
 * Service of type LoadBalancer without a `spec.loadBalancerClass`; a Service with a class belongs to another
 * controller, which the migration does not touch, so it is not judged here. The AWS provider finds a Service's load
 * balancer by a name made from the Service's UID, so the CCM takes over the same load balancer and publishes the same
 * address in `status.loadBalancer.ingress`. A Service without an address waits for the CCM; one that lost an address
 * it had before the switch got a new load balancer, which clients and DNS records still pointing at the old address
 * do not reach (failed). Without a record from before the switch, only the presence of an address is judged.
 */
import type {
  CheckResult, LoadBalancerRecord, Message, ServiceLike,
} from '../types';
import { detail, objectName, verdict } from './result';

/** At most this many Services are recorded before the switch (the journal stays small); the count is kept. */
export const LOAD_BALANCER_RECORD_MAX = 200;
/** At most this many addresses per Service are recorded. */
export const LOAD_BALANCER_ADDRESSES_MAX = 8;
/** Text lines naming a Service kept in a verdict's details; the rest are counted in one more line. */
export const MAX_SERVICE_LINES = 20;

/** A Service the cloud provider's service controller manages: type LoadBalancer and no load balancer class. */
export function isCloudLoadBalancer(service: ServiceLike): boolean {
  return service.spec?.type === 'LoadBalancer' && !service.spec?.loadBalancerClass;
}

/** The addresses a Service's load balancer publishes (hostnames and IPs), sorted, without repeats. */
export function ingressAddresses(service: ServiceLike): string[] {
  const ingress = service.status?.loadBalancer?.ingress;
  const addresses = (Array.isArray(ingress) ? ingress : []).flatMap((i) => [i?.hostname, i?.ip]).filter((a): a is string => typeof a === 'string' && !!a);

  return [...new Set(addresses)].sort();
}

function cloudLoadBalancers(services: ServiceLike[]): ServiceLike[] {
  return services.filter(isCloudLoadBalancer).sort((a, b) => (objectName(a.metadata) < objectName(b.metadata) ? -1 : 1));
}

/** The record taken before the switch: the first LOAD_BALANCER_RECORD_MAX Services by `namespace/name`, and how many there were. */
export function recordLoadBalancers(services: ServiceLike[], at: string): LoadBalancerRecord {
  const lbs = cloudLoadBalancers(services);
  const recorded: Record<string, string[]> = {};

  lbs.slice(0, LOAD_BALANCER_RECORD_MAX).forEach((s) => {
    recorded[objectName(s.metadata)] = ingressAddresses(s).slice(0, LOAD_BALANCER_ADDRESSES_MAX);
  });

  return { at, total: lbs.length, services: recorded };
}

/** A record read back from the journal, or undefined when it is not one; bounded again whatever it holds. */
export function parseLoadBalancerRecord(raw: unknown): LoadBalancerRecord | undefined {
  const r = raw as Partial<LoadBalancerRecord> | undefined;

  if (!r || typeof r !== 'object' || !r.services || typeof r.services !== 'object' || Array.isArray(r.services)) {
    return undefined;
  }
  const services: Record<string, string[]> = {};
  // Keys are `namespace/name` (Services are namespaced); nothing else is taken, `__proto__` included.
  const entries = Object.entries(r.services).filter(([k, v]) => k.includes('/') && Array.isArray(v)).slice(0, LOAD_BALANCER_RECORD_MAX);

  entries.forEach(([key, addresses]) => {
    services[key] = (addresses as unknown[]).filter((a): a is string => typeof a === 'string').slice(0, LOAD_BALANCER_ADDRESSES_MAX);
  });
  const total = Number.isInteger(r.total) && (r.total as number) >= entries.length ? r.total as number : entries.length;

  const record: LoadBalancerRecord = { at: typeof r.at === 'string' ? r.at : '', total, services };

  if (typeof r.acceptedBy === 'string' && r.acceptedBy) {
    record.acceptedBy = r.acceptedBy;
  }

  return record;
}

function capLines(lines: Message[]): Message[] {
  return lines.length > MAX_SERVICE_LINES ? [...lines.slice(0, MAX_SERVICE_LINES), detail('loadBalancers.more', { count: lines.length - MAX_SERVICE_LINES })] : lines;
}

function recordedBefore(before: LoadBalancerRecord | undefined, key: string): string[] | undefined {
  return before && Object.prototype.hasOwnProperty.call(before.services, key) ? before.services[key] : undefined;
}

/** A Service whose load balancer address changed since the record: what it had and what it has now. */
export interface ChangedLoadBalancer {
  service: string;
  before: string[];
  now: string[];
}

/**
 * What the addresses compared with are called: the ones recorded before the switch, or the ones an admin accepted
 * after it (an accepted record is no longer "before the switch").
 */
const SINCE_SWITCH = {
  changed: 'loadBalancers.changed', changedService: 'loadBalancers.changedService', lostService: 'loadBalancers.lostService', kept: 'loadBalancers.kept',
};
const SINCE_ACCEPTED = {
  changed:        'loadBalancers.changedSinceAccepted',
  changedService: 'loadBalancers.changedServiceSinceAccepted',
  lostService:    'loadBalancers.lostServiceSinceAccepted',
  kept:           'loadBalancers.keptSinceAccepted',
};

function wordingFor(before: LoadBalancerRecord | undefined) {
  return before?.acceptedBy ? SINCE_ACCEPTED : SINCE_SWITCH;
}

/**
 * Who accepted the record and when. The time goes as epoch milliseconds, which the message formats in the reader's
 * locale (`{at, date, medium}`); a record without a readable time says only who.
 */
function acceptedNote(before: LoadBalancerRecord): Message {
  const at = Date.parse(before.at);

  return Number.isFinite(at) ? detail('loadBalancers.accepted', { by: before.acceptedBy!, at }) : detail('loadBalancers.acceptedUndated', { by: before.acceptedBy! });
}

/** The Services compared with the record: changed, lost or never given an address, and how many kept theirs. */
function compare(lbs: ServiceLike[], before: LoadBalancerRecord | undefined) {
  const changed: ChangedLoadBalancer[] = [];
  const missing: Message[] = [];
  const pendingBefore: Message[] = [];
  let kept = 0;

  lbs.forEach((s) => {
    const service = objectName(s.metadata);
    const now = ingressAddresses(s);
    const had = recordedBefore(before, service);

    if (had?.length) {
      if (!now.length) {
        missing.push(detail(wordingFor(before).lostService, { service, before: had.join(', ') }));
      } else if (had.some((a) => !now.includes(a))) {
        changed.push({ service, before: had, now });
      } else {
        kept++;
      }
    } else if (!now.length) {
      (had ? pendingBefore : missing).push(detail(had ? 'loadBalancers.pendingBeforeService' : 'loadBalancers.missingService', { service }));
    }
  });

  return {
    changed, missing, pendingBefore, kept
  };
}

/**
 * The verdict on the Services of type LoadBalancer after the switch, compared with the record from before it when
 * there is one. Failed: a Service lost an address it had (a new load balancer); waiting: a Service has no address;
 * a Service that had none before the switch either is not held against the CCM. A record an admin accepted after a
 * change (`acceptedBy`) is said in every verdict.
 */
export function checkLoadBalancers(services: ServiceLike[], before?: LoadBalancerRecord): CheckResult {
  const lbs = cloudLoadBalancers(services);

  if (!lbs.length) {
    return verdict('done', 'loadBalancers.none');
  }
  const {
    changed, missing, pendingBefore, kept
  } = compare(lbs, before);
  const total = lbs.length;
  const wording = wordingFor(before);
  const accepted = before?.acceptedBy ? [acceptedNote(before)] : [];
  const notes = [...capLines(pendingBefore), ...accepted];

  if (changed.length) {
    const lines = changed.map((c) => detail(wording.changedService, { service: c.service, before: c.before.join(', '), now: c.now.join(', ') }));

    return verdict('failed', wording.changed, { count: changed.length, total }, [...capLines([...lines, ...missing]), ...notes]);
  }
  if (missing.length) {
    return verdict('waiting', 'loadBalancers.missing', { count: missing.length, total }, [...capLines(missing), ...notes]);
  }

  return before ? verdict('done', wording.kept, { total, kept }, notes) : verdict('done', 'loadBalancers.present', { total }, notes);
}

/**
 * The Services with a new load balancer since the record (the ones the verification fails on): a Service recreated
 * during the migration gets a new UID, so a new load balancer name and address. Empty without a record.
 */
export function changedLoadBalancers(services: ServiceLike[], before: LoadBalancerRecord | undefined): ChangedLoadBalancer[] {
  return before ? compare(cloudLoadBalancers(services), before).changed : [];
}

/**
 * The record an admin accepts after such a change: the one compared with so far, with only the changed Services'
 * addresses replaced by the ones `changed` holds (read when the page showed them), stamped with who accepted it and
 * when. Accepting does not bring an old address back (DNS records and clients must be moved to the new one first); it
 * makes the verification compare with the new addresses from then on.
 */
export function acceptedLoadBalancers(before: LoadBalancerRecord, changed: ChangedLoadBalancer[], at: string, by: string): LoadBalancerRecord {
  const services = { ...before.services };

  changed.forEach((c) => {
    services[c.service] = c.now.slice(0, LOAD_BALANCER_ADDRESSES_MAX);
  });

  return {
    at, total: before.total, services, acceptedBy: by
  };
}
