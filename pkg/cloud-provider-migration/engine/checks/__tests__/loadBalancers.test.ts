import type { LoadBalancerRecord, ServiceLike } from '../../types';
import {
  checkLoadBalancers, ingressAddresses, isCloudLoadBalancer, LOAD_BALANCER_ADDRESSES_MAX, LOAD_BALANCER_RECORD_MAX, MAX_SERVICE_LINES,
  parseLoadBalancerRecord, recordLoadBalancers,
} from '../loadBalancers';
import { expectResultTranslated } from './l10n';

const ELB = (n: number) => `a${ n.toString(16).padStart(31, '0') }-${ 1000000 + n }.us-west-2.elb.amazonaws.com`;

/** A Service as the Steve proxy returns it; `addresses` are hostnames (or IPs when they look like one). */
function service(namespace: string, name: string, addresses: string[] | undefined, spec: ServiceLike['spec'] = { type: 'LoadBalancer' }): ServiceLike {
  const ingress = addresses?.map((a) => (/^[\d.]+$/.test(a) ? { ip: a } : { hostname: a }));

  return {
    metadata: { name, namespace, uid: `uid-${ namespace }-${ name }` },
    spec,
    status:   { loadBalancer: ingress ? { ingress } : {} },
  };
}

const clusterIp = (namespace: string, name: string) => service(namespace, name, undefined, { type: 'ClusterIP' });

describe('which Services the cloud provider manages', () => {
  it.each<[string, ServiceLike['spec'], boolean]>([
    ['type LoadBalancer without a class', { type: 'LoadBalancer' }, true],
    ['type LoadBalancer with the AWS load balancer controller class', { type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb' }, false],
    ['type ClusterIP', { type: 'ClusterIP' }, false],
    ['type NodePort', { type: 'NodePort' }, false],
    ['no spec', undefined, false],
  ])('%s: %s', (_name, spec, managed) => {
    expect(isCloudLoadBalancer({ metadata: { name: 's', namespace: 'n' }, spec })).toBe(managed);
  });

  it('reads hostnames and IPs, sorted, without repeats or empty values', () => {
    const svc: ServiceLike = {
      metadata: { name: 's', namespace: 'n' },
      spec:     { type: 'LoadBalancer' },
      status:   { loadBalancer: { ingress: [{ hostname: 'b.elb' }, { ip: '10.0.0.2' }, { hostname: 'a.elb', ip: '' }, { hostname: 'b.elb' }, {}] } },
    };

    expect(ingressAddresses(svc)).toEqual(['10.0.0.2', 'a.elb', 'b.elb']);
    expect(ingressAddresses({ metadata: { name: 's' }, status: { loadBalancer: { ingress: 'nope' as any } } })).toEqual([]);
  });
});

describe('checkLoadBalancers', () => {
  const before: LoadBalancerRecord = {
    at:       '2025-01-01T00:00:00Z',
    total:    4,
    services: {
      'default/web': [ELB(1)], 'shop/api': [ELB(2)], 'shop/pending': [], 'ops/gone': [ELB(9)],
    },
  };

  it.each<[string, ServiceLike[], LoadBalancerRecord | undefined, string, string, Record<string, string | number>, string[]]>([
    ['no Service of type LoadBalancer', [clusterIp('default', 'kubernetes')], undefined, 'done', 'checks.loadBalancers.none', {}, []],
    ['only a Service another controller manages', [service('x', 'nlb', undefined, { type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb' })], undefined, 'done', 'checks.loadBalancers.none', {}, []],
    ['without a record, every one has an address', [service('default', 'web', [ELB(1)]), service('shop', 'api', ['10.0.0.9'])], undefined, 'done', 'checks.loadBalancers.present', { total: 2 }, []],
    ['without a record, one without an address waits', [service('default', 'web', [ELB(1)]), service('shop', 'api', [])], undefined, 'waiting', 'checks.loadBalancers.missing', { count: 1, total: 2 }, ['checks.loadBalancers.missingService shop/api']],
    ['with a record, the same addresses are kept', [service('default', 'web', [ELB(1)]), service('shop', 'api', [ELB(2)])], before, 'done', 'checks.loadBalancers.kept', { total: 2, kept: 2 }, []],
    ['an address added by the CCM beside the old one is kept', [service('default', 'web', [ELB(1), '10.0.0.1'])], before, 'done', 'checks.loadBalancers.kept', { total: 1, kept: 1 }, []],
    ['a new Service (not recorded) only needs an address', [service('default', 'web', [ELB(1)]), service('new', 'svc', [ELB(7)])], before, 'done', 'checks.loadBalancers.kept', { total: 2, kept: 1 }, []],
    ['a Service that lost its address waits for the CCM', [service('default', 'web', [])], before, 'waiting', 'checks.loadBalancers.missing', { count: 1, total: 1 }, ['checks.loadBalancers.lostService default/web']],
    ['a Service with a different address fails', [service('default', 'web', [ELB(3)]), service('shop', 'api', [ELB(2)])], before, 'failed', 'checks.loadBalancers.changed', { count: 1, total: 2 }, ['checks.loadBalancers.changedService default/web']],
    ['a changed one fails even while another waits, and both are named', [service('default', 'web', [ELB(3)]), service('shop', 'api', [])], before, 'failed', 'checks.loadBalancers.changed', { count: 1, total: 2 }, ['checks.loadBalancers.changedService default/web', 'checks.loadBalancers.lostService shop/api']],
    ['one that had no address before either is not held against the CCM', [service('shop', 'pending', [])], before, 'done', 'checks.loadBalancers.kept', { total: 1, kept: 0 }, ['checks.loadBalancers.pendingBeforeService shop/pending']],
  ])('%s', (_name, services, record, state, key, params, details) => {
    const result = checkLoadBalancers(services, record);

    expect([result.state, result.message.key, result.message.params]).toEqual([state, key, params]);
    expect((result.details || []).map((d) => `${ d.key } ${ d.params?.service }`)).toEqual(details);
    expectResultTranslated(result);
  });

  it('names the addresses before and after a change', () => {
    const result = checkLoadBalancers([service('default', 'web', [ELB(4), ELB(3)])], before);

    expect(result.details).toEqual([{ key: 'checks.loadBalancers.changedService', params: { service: 'default/web', before: ELB(1), now: `${ ELB(3) }, ${ ELB(4) }` } }]);
  });

  it('a recorded Service deleted since is not a problem', () => {
    expect(checkLoadBalancers([service('default', 'web', [ELB(1)])], before).state).toBe('done');
  });

  it(`names at most ${ MAX_SERVICE_LINES } Services and counts the others`, () => {
    const services = Array.from({ length: 57 }, (_, i) => service('apps', `svc-${ String(i).padStart(2, '0') }`, []));
    const result = checkLoadBalancers(services);

    expect(result.message.params).toEqual({ count: 57, total: 57 });
    expect(result.details).toHaveLength(MAX_SERVICE_LINES + 1);
    expect(result.details![MAX_SERVICE_LINES - 1].params?.service).toBe(`apps/svc-${ MAX_SERVICE_LINES - 1 }`);
    expect(result.details![MAX_SERVICE_LINES]).toEqual({ key: 'checks.loadBalancers.more', params: { count: 57 - MAX_SERVICE_LINES } });
    expectResultTranslated(result);
  });
});

describe('recordLoadBalancers', () => {
  it('records the addresses of the Services the CCM manages, by namespace/name', () => {
    const record = recordLoadBalancers([
      service('shop', 'api', ['10.0.0.9', ELB(2)]),
      service('default', 'web', [ELB(1)]),
      service('default', 'pending', undefined),
      clusterIp('default', 'kubernetes'),
      service('x', 'nlb', [ELB(5)], { type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb' }),
    ], '2025-02-03T04:05:06Z');

    expect(record).toEqual({
      at: '2025-02-03T04:05:06Z', total: 3, services: { 'default/pending': [], 'default/web': [ELB(1)], 'shop/api': ['10.0.0.9', ELB(2)] },
    });
  });

  it(`is bounded: at most ${ LOAD_BALANCER_RECORD_MAX } Services and ${ LOAD_BALANCER_ADDRESSES_MAX } addresses each, the count kept`, () => {
    const many = Array.from({ length: LOAD_BALANCER_RECORD_MAX + 57 }, (_, i) => service('apps', `svc-${ String(i).padStart(4, '0') }`, [ELB(i)]));
    const wide = service('aaa', 'wide', Array.from({ length: 12 }, (_, i) => `10.0.0.${ 10 + i }`));
    const record = recordLoadBalancers([...many, wide], 't');
    const keys = Object.keys(record.services);

    expect(record.total).toBe(LOAD_BALANCER_RECORD_MAX + 58);
    expect(keys).toHaveLength(LOAD_BALANCER_RECORD_MAX);
    expect(keys[0]).toBe('aaa/wide');
    expect(keys).toContain(`apps/svc-${ String(LOAD_BALANCER_RECORD_MAX - 2).padStart(4, '0') }`);
    expect(keys).not.toContain(`apps/svc-${ String(LOAD_BALANCER_RECORD_MAX - 1).padStart(4, '0') }`);
    expect(record.services['aaa/wide']).toHaveLength(LOAD_BALANCER_ADDRESSES_MAX);
  });

  it('a Service beyond the record is still judged by its address', () => {
    const many = Array.from({ length: LOAD_BALANCER_RECORD_MAX + 1 }, (_, i) => service('apps', `svc-${ String(i).padStart(4, '0') }`, [ELB(i)]));
    const record = recordLoadBalancers(many, 't');
    const last = many[many.length - 1];
    const after = [...many.slice(0, -1), service('apps', last.metadata.name, [])];

    expect(checkLoadBalancers(many, record).message).toEqual({ key: 'checks.loadBalancers.kept', params: { total: LOAD_BALANCER_RECORD_MAX + 1, kept: LOAD_BALANCER_RECORD_MAX } });
    expect(checkLoadBalancers(after, record).details).toEqual([{ key: 'checks.loadBalancers.missingService', params: { service: `apps/${ last.metadata.name }` } }]);
  });
});

describe('parseLoadBalancerRecord', () => {
  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['a string', 'x'],
    ['no services', { total: 1 }],
    ['services as a list', { total: 1, services: [['a/b', []]] }],
  ])('%s is no record', (_name, raw) => {
    expect(parseLoadBalancerRecord(raw)).toBeUndefined();
  });

  it('keeps what is well formed and drops the rest', () => {
    // As the journal's JSON holds it: `__proto__` is then an own key, which must not become the prototype.
    const parsed = parseLoadBalancerRecord(JSON.parse('{"at":7,"total":"many","services":{"a/b":["x",3,"y"],"c/d":"x","__proto__":["z"],"noslash":["w"]}}'));

    expect(parsed).toEqual({ at: '', total: 1, services: { 'a/b': ['x', 'y'] } });
    expect(Object.getPrototypeOf(parsed!.services)).toBe(Object.prototype);
  });

  it('bounds a record written by hand', () => {
    const services = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`n/s${ i }`, Array.from({ length: 20 }, (_v, j) => `h${ j }`)]));
    const parsed = parseLoadBalancerRecord({ at: 't', total: 300, services })!;

    expect(Object.keys(parsed.services)).toHaveLength(LOAD_BALANCER_RECORD_MAX);
    expect(parsed.services['n/s0']).toHaveLength(LOAD_BALANCER_ADDRESSES_MAX);
    expect(parsed.total).toBe(300);
  });
});
