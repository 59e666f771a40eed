/**
 * The tab on a 5,000-node cluster, for the scale benchmark: the simulator with `--big-cluster 5000` (nodes shaped as
 * real ones, Steve compressing as Rancher does), the dashboard in Chromium, the migration tab opened on `big-rke2`
 * (tests/e2e/tabOpen.ts records what the browser received). Figures: downstream requests, bytes transferred, the
 * biggest response, and the time from the detail page's own data to the tab's complete status. Nothing asserts on
 * them; it throws only when the tab did not open. With `staticDir` dist-prod and `uiplugins` dist-pkg it runs on
 * the production dashboard loading the package, as tests/e2e/production.test.ts does; by default the dev build.
 */
import { apiLogin, login, openBrowser, startSim } from '../tests/e2e/harness';
import { openTabMeasured } from '../tests/e2e/tabOpen';
import type { Figure } from './figures';

const NODES = 5000;
const MAX_REQUESTS = 6;
const MAX_BYTES = 4 * 1024 * 1024;
const MAX_MS = 1500;

/** When the downstream reads ran, in seconds after the detail page's data: where the time went. */
function timeline(reads: { startedAt: number; endedAt: number; url: string }[], from: number): string {
  if (!reads.length) {
    return 'No downstream read.';
  }
  const s = (t: number) => ((t - from) / 1000).toFixed(2);
  const first = Math.min(...reads.map((r) => r.startedAt));
  const slowest = [...reads].sort((a, b) => (b.endedAt - b.startedAt) - (a.endedAt - a.startedAt))[0];

  return `Downstream reads from +${ s(first) } s to +${ s(Math.max(...reads.map((r) => r.endedAt))) } s; slowest ${ new URL(slowest.url, 'http://x').pathname.split('/').slice(-1)[0] } ${ ((slowest.endedAt - slowest.startedAt) / 1000).toFixed(2) } s.`;
}

const mb = (n: number) => `${ (n / (1024 * 1024)).toFixed(2) } MB`;

export async function tabScaleFigures(opts: { staticDir?: string; uiplugins?: string } = {}): Promise<Figure[]> {
  const sim = await startSim({
    rancher: '2.13', staticDir: opts.staticDir, uiplugins: opts.uiplugins, bigCluster: NODES,
  });

  try {
    const cookie = await apiLogin(sim);
    const { json: prov } = await sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/big-rke2', { cookie });
    const clusterId = prov?.status?.clusterName;

    if (!clusterId) {
      throw new Error('tabScale: the simulator has no big-rke2 cluster');
    }
    const session = await openBrowser();

    try {
      await login(session.page, sim.url);
      const {
        reads, pageDataAt, statusShownAt, statusCompleteAt
      } = await openTabMeasured(session.page, sim.url, 'big-rke2', clusterId);
      const bytes = reads.reduce((n, r) => n + r.transferred, 0);
      const biggest = [...reads].sort((a, b) => b.transferred - a.transferred)[0];
      const ms = Math.round(statusCompleteAt - pageDataAt);
      const shownMs = Math.round(statusShownAt - pageDataAt);
      const nodeList = reads.find((r) => /\/v1\/nodes\?(?!.*filter=)/.test(r.url));
      const where = opts.uiplugins ? 'production dashboard, package from /v1/uiplugins' : 'dev dashboard';

      return [
        {
          what:   `tab on big-rke2 (${ NODES.toLocaleString('en-US') } nodes): downstream requests`,
          figure: `${ reads.length } requests`,
          target: `≤ ${ MAX_REQUESTS }`,
          met:    reads.length <= MAX_REQUESTS,
          note:   reads.map((r) => new URL(r.url, 'http://x').pathname.replace(`/k8s/clusters/${ clusterId }`, '')).join(', '),
        },
        {
          what:   'tab on big-rke2: bytes transferred (as the browser received them)',
          figure: mb(bytes),
          target: `≤ ${ mb(MAX_BYTES) }`,
          met:    bytes <= MAX_BYTES,
          note:   `${ reads.filter((r) => r.encoding === 'gzip').length } of ${ reads.length } gzip-compressed; ${ where }`,
        },
        {
          what:   'tab on big-rke2: biggest response',
          figure: biggest ? mb(biggest.transferred) : '-',
          target: '-',
          note:   biggest ? `${ biggest.url.split('?')[0].replace(`/k8s/clusters/${ clusterId }`, '') } (${ biggest.encoding || 'identity' })` : 'no downstream request',
        },
        {
          what:   'tab on big-rke2: detail page data to status and steps shown',
          figure: `${ (shownMs / 1000).toFixed(2) } s`,
          target: '-',
          note:   'planned from the cluster object alone; includes the tab click and loading the tab\'s code',
        },
        {
          what:   'tab on big-rke2: detail page data to complete status',
          figure: `${ (ms / 1000).toFixed(2) } s`,
          target: `≤ ${ (MAX_MS / 1000).toFixed(1) } s`,
          met:    ms <= MAX_MS,
          note:   `status, steps and live pre-flight shown, from the provisioning cluster's answer; includes the tab click. ${ timeline(reads, pageDataAt) }${ nodeList ? ` The node list (every node, needed for the Ready check) took ${ ((nodeList.endedAt - nodeList.startedAt) / 1000).toFixed(2) } s from request to last byte: the server lists 5,000 whole nodes before it leaves fields out.` : '' }`,
        },
      ];
    } finally {
      await session.close();
    }
  } finally {
    await sim.stop();
  }
}
