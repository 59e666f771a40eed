/** Edges of the load balancer verdict: Services read without a status, odd ingress entries, a record read back, and the exact detail lines. */
import type { ServiceLike } from '../types';
import {
  checkLoadBalancers, ingressAddresses, MAX_SERVICE_LINES, parseLoadBalancerRecord,
} from '../checks/loadBalancers';

const LB = { type: 'LoadBalancer' };

function withIngress(name: string, ingress: unknown[]): ServiceLike {
  return { metadata: { name, namespace: 'shop' }, spec: LB, status: { loadBalancer: { ingress: ingress as { hostname?: string; ip?: string }[] } } };
}

describe('ingressAddresses, edges', () => {
  it('has no address for a Service read without a status', () => {
    expect(ingressAddresses({ metadata: { name: 'web', namespace: 'shop' }, spec: LB })).toEqual([]);
  });

  it('has no address for a Service whose status has no loadBalancer', () => {
    expect(ingressAddresses({ metadata: { name: 'web', namespace: 'shop' }, spec: LB, status: {} })).toEqual([]);
  });

  it('skips an empty ingress entry and keeps the addresses of the others', () => {
    expect(ingressAddresses(withIngress('web', [null, { ip: '10.0.0.7' }]))).toEqual(['10.0.0.7']);
  });

  it('keeps only addresses that are strings', () => {
    expect(ingressAddresses(withIngress('web', [{ ip: 42 }, { hostname: 'web.elb.amazonaws.com' }]))).toEqual(['web.elb.amazonaws.com']);
  });
});

describe('parseLoadBalancerRecord, edges', () => {
  it('takes null for no record', () => {
    expect(parseLoadBalancerRecord(null)).toBeUndefined();
  });

  it('takes a value that is not an object for no record, even one carrying services', () => {
    const fn = Object.assign(() => undefined, { at: 't', total: 1, services: { 'a/b': ['x'] } });

    expect(parseLoadBalancerRecord(fn)).toBeUndefined();
  });

  it('counts the Services it holds when the total is not a whole number', () => {
    expect(parseLoadBalancerRecord({ at: 't', total: 1.5, services: { 'a/b': ['x'] } })).toEqual({ at: 't', total: 1, services: { 'a/b': ['x'] } });
  });

  it('counts the Services it holds when the total is below their number', () => {
    expect(parseLoadBalancerRecord({ at: 't', total: 0, services: { 'a/b': ['x'], 'c/d': [] } })).toEqual({ at: 't', total: 2, services: { 'a/b': ['x'], 'c/d': [] } });
  });
});

describe('checkLoadBalancers, exact details', () => {
  it(`lists exactly ${ MAX_SERVICE_LINES } Services without an address with no "more" line`, () => {
    const names = Array.from({ length: MAX_SERVICE_LINES }, (_, i) => `svc-${ String(i).padStart(2, '0') }`);
    const services = names.map((name) => withIngress(name, []));

    expect(checkLoadBalancers(services)).toEqual({
      state:   'waiting',
      message: { key: 'checks.loadBalancers.missing', params: { count: MAX_SERVICE_LINES, total: MAX_SERVICE_LINES } },
      details: names.map((name) => ({ key: 'checks.loadBalancers.missingService', params: { service: `shop/${ name }` } })),
    });
  });

  it('names every address a Service had when it lost them all', () => {
    const before = { at: 't', total: 1, services: { 'shop/web': ['10.0.0.1', 'web.elb.amazonaws.com'] } };

    expect(checkLoadBalancers([withIngress('web', [])], before)).toEqual({
      state:   'waiting',
      message: { key: 'checks.loadBalancers.missing', params: { count: 1, total: 1 } },
      details: [{ key: 'checks.loadBalancers.lostService', params: { service: 'shop/web', before: '10.0.0.1, web.elb.amazonaws.com' } }],
    });
  });

  it('fails a Service that kept one address but lost another, naming both lists', () => {
    const before = { at: 't', total: 1, services: { 'shop/web': ['10.0.0.1', 'web.elb.amazonaws.com'] } };

    expect(checkLoadBalancers([withIngress('web', [{ ip: '10.0.0.1' }, { hostname: 'new.elb.amazonaws.com' }])], before)).toEqual({
      state:   'failed',
      message: { key: 'checks.loadBalancers.changed', params: { count: 1, total: 1 } },
      details: [{
        key: 'checks.loadBalancers.changedService', params: { service: 'shop/web', before: '10.0.0.1, web.elb.amazonaws.com', now: '10.0.0.1, new.elb.amazonaws.com' },
      }],
    });
  });
});
