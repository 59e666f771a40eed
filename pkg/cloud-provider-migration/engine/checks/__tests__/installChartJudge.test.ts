// The install-chart action judges an RKE1 CCM install or upgrade from what the tab read: the Helm release when it
// was read, else the CCM DaemonSet (present for the install; running the chart's image tag and args for an upgrade).
import type { ChartSpec, DaemonSetLike, Observations, PlanStep, StepId } from '../../types';
import { installChart } from '../../actions/installChart';

const chart = (values: Record<string, unknown>): ChartSpec => ({
  repo: 'https://kubernetes.github.io/cloud-provider-aws', name: 'aws-cloud-controller-manager', version: '0.0.8', namespace: 'kube-system', values,
});

const step = (id: StepId, values: Record<string, unknown>): PlanStep => ({
  id, action: 'install-chart', done: false, live: false, optional: false, title: { key: 't' }, description: { key: 'd' }, warnings: [], chart: chart(values),
});

const daemonSet = (container: Record<string, unknown> | undefined): DaemonSetLike => ({
  metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' },
  spec:     { template: { spec: { containers: container ? [container] : [] } } },
});

const judge = (s: PlanStep, obs: Observations) => installChart.judge({ step: s, index: 0, steps: [s], obs, distro: 'rke1' });

const upgradeValues = { image: { tag: 'v1.27.10' }, args: ['--v=2', '--cloud-provider=aws'] };

describe('install-chart judge without the Helm release', () => {
  it('keeps the planner\'s verdict when the DaemonSet was not read', () => {
    expect(judge(step('install-ccm', upgradeValues), {})).toBeUndefined();
    expect(judge(step('upgrade-ccm', upgradeValues), {})).toBeUndefined();
  });

  it('calls the install done when the DaemonSet exists and waiting when it was read absent', () => {
    expect(judge(step('install-ccm', upgradeValues), { daemonSet: daemonSet(undefined) })).toEqual({ state: 'done', message: { key: 'checks.chartRelease.daemonSetPresent', params: {} } });
    expect(judge(step('install-ccm', upgradeValues), { daemonSet: null })).toEqual({ state: 'waiting', message: { key: 'checks.chartRelease.daemonSetAbsent', params: {} } });
  });

  it('calls an upgrade done when the DaemonSet runs the chart\'s image tag and exactly its args', () => {
    const s = step('upgrade-ccm', upgradeValues);

    expect(judge(s, { daemonSet: daemonSet({ image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.27.10', args: ['--v=2', '--cloud-provider=aws'] }) }))
      .toEqual({ state: 'done', message: { key: 'checks.chartRelease.daemonSetUpgraded', params: {} } });
  });

  it.each([
    ['the old image tag', { image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14', args: ['--v=2', '--cloud-provider=aws'] }],
    ['other args', { image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.27.10', args: ['--v=2', '--cloud-provider=aws', '--enable-leader-migration=true'] }],
    ['no args', { image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.27.10' }],
    ['no image', { args: ['--v=2', '--cloud-provider=aws'] }],
    ['no container', undefined],
  ])('leaves an upgrade to the planner while the DaemonSet runs %s', (_name, container) => {
    expect(judge(step('upgrade-ccm', upgradeValues), { daemonSet: daemonSet(container) })).toBeUndefined();
  });

  it('leaves an upgrade to the planner while the DaemonSet is absent or has no pod template', () => {
    expect(judge(step('upgrade-ccm', upgradeValues), { daemonSet: null })).toBeUndefined();
    expect(judge(step('upgrade-ccm', upgradeValues), { daemonSet: { metadata: { name: 'aws-cloud-controller-manager' } } })).toBeUndefined();
    expect(judge(step('upgrade-ccm', upgradeValues), { daemonSet: { metadata: { name: 'aws-cloud-controller-manager' }, spec: {} } })).toBeUndefined();
    expect(judge(step('upgrade-ccm', upgradeValues), { daemonSet: { metadata: { name: 'aws-cloud-controller-manager' }, spec: { template: {} } } })).toBeUndefined();
  });

  it('matches any image and no args when the chart names neither', () => {
    expect(judge(step('cleanup-ccm-leader-migration', {}), { daemonSet: daemonSet({ image: 'mirror.example.com/ccm:v1.27.10' }) })?.state).toBe('done');
    expect(judge(step('cleanup-ccm-leader-migration', {}), { daemonSet: daemonSet({ image: 'mirror.example.com/ccm:v1.27.10', args: [] }) })?.state).toBe('done');
  });
});
