/** @jest-environment ./node_modules/jest-environment-node */
import { KObj } from '../../store';
import { World } from '..';
import {
  clusterRegion, elbHostname, loadBalancerName, serviceControllerRuns,
} from '../controllers/serviceLoadBalancer';
import { ccmHelmChart, makeWorld, outOfTreeSelectors, PROD, updateProv } from './helpers';

function service(world: World, name: string, namespace = 'default'): KObj | undefined {
  return world.store.get(PROD, 'service', namespace, name);
}

function hostnames(world: World): Record<string, string[]> {
  return Object.fromEntries(world.store.list(PROD, 'service')
    .filter((s) => s.spec?.type === 'LoadBalancer')
    .map((s) => [`${ s.metadata.namespace }/${ s.metadata.name }`, (s.status?.loadBalancer?.ingress || []).map((i: any) => i.hostname)]));
}

function addService(world: World, name: string, spec: Record<string, unknown> = {}): void {
  world.store.create(PROD, 'service', {
    apiVersion: 'v1',
    kind:       'Service',
    metadata:   { name, namespace: 'default' },
    spec:       {
      type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], ...spec
    },
    status: { loadBalancer: {} },
  });
}

describe('the cloud service controller', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('names a load balancer after the Service UID, 32 characters, and gives each name one DNS name', () => {
    expect(loadBalancerName('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0')).toBe('a0f1e2d3c4b5a69788796a5b4c3d2e1f');
    expect(elbHostname('a0f1', 'eu-west-1')).toMatch(/^a0f1-\d{9}\.eu-west-1\.elb\.amazonaws\.com$/);
    expect(elbHostname('a0f1', 'eu-west-1', true)).toMatch(/^a0f1-[0-9a-f]{16}\.elb\.eu-west-1\.amazonaws\.com$/);
    expect(elbHostname('a0f1', 'eu-west-1')).toBe(elbHostname('a0f1', 'eu-west-1'));
    expect(elbHostname('a0f2', 'eu-west-1')).not.toBe(elbHostname('a0f1', 'eu-west-1'));
    expect(clusterRegion([])).toBe('us-east-2');
  });

  it('seeds prod-rke2 with Services of type LoadBalancer whose addresses are their load balancers\', and leaves them so', async () => {
    const seeded = hostnames(world);

    expect(Object.keys(seeded).sort()).toEqual(['default/api', 'default/web']);
    for (const [key, hosts] of Object.entries(seeded)) {
      const svc = service(world, key.split('/')[1])!;

      expect(hosts).toEqual([elbHostname(loadBalancerName(svc.metadata.uid!), 'us-east-2', key === 'default/api')]);
    }
    expect(serviceControllerRuns(world.context, PROD)).toBe(true);
    await world.settle();
    expect(hostnames(world)).toEqual(seeded);
  });

  it('gives a new Service of type LoadBalancer its address while the in-tree provider runs, but not one with a class', async () => {
    addService(world, 'shop');
    addService(world, 'internal', { loadBalancerClass: 'service.k8s.aws/nlb' });
    await world.settle();

    const shop = service(world, 'shop')!;

    expect(shop.status.loadBalancer.ingress).toEqual([{ hostname: elbHostname(loadBalancerName(shop.metadata.uid!), 'us-east-2') }]);
    expect(service(world, 'internal')!.status.loadBalancer).toEqual({});
  });

  it('runs nowhere between the switch and the CCM: existing Services keep their address, a new one waits for the CCM', async () => {
    const seeded = hostnames(world);

    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors();
    });
    await world.settle();
    expect(serviceControllerRuns(world.context, PROD)).toBe(false);
    addService(world, 'shop');
    await world.settle();
    expect(hostnames(world)).toEqual({ ...seeded, 'default/shop': [] });

    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.additionalManifest = ccmHelmChart();
    });
    await world.settle();
    const shop = service(world, 'shop')!;

    expect(serviceControllerRuns(world.context, PROD)).toBe(true);
    expect(hostnames(world)).toEqual({ ...seeded, 'default/shop': [elbHostname(loadBalancerName(shop.metadata.uid!), 'us-east-2')] });
  });

  it('puts the address of the load balancer back on a Service whose status lost it, once a controller runs', async () => {
    const web = service(world, 'web')!;
    const address = web.status.loadBalancer.ingress;

    world.store.mutate(PROD, 'service', 'default', 'web', (s) => {
      s.status = { loadBalancer: {} };
    });
    await world.settle();

    expect(service(world, 'web')!.status.loadBalancer.ingress).toEqual(address);
  });
});
