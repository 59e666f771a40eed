/**
 * Opening the migration tab while the browser records what it costs: every request to the cluster's downstream proxy
 * (`/k8s/clusters/<id>/…`) with the bytes Chromium received for it (headers and the body as sent, compressed when the
 * server compressed it: playwright `Request.sizes()`), when the detail page's own data had arrived, and when the tab's
 * status was complete (its status, every step and the live pre-flight's items shown). Used by the scale browser test
 * (which asserts on the requests' shape only) and by the scale benchmark (bench/tabScale.ts, which prints the figures).
 */
import type { Page, Request } from 'playwright-core';

export interface DownstreamRead {
  method: string;
  /** Path and query as requested (the downstream prefix included). */
  url: string;
  status: number;
  /** Bytes received: response headers plus the body as sent. */
  transferred: number;
  /** The body as sent (compressed when `encoding` says so). */
  body: number;
  encoding?: string;
  /** Epoch milliseconds. */
  startedAt: number;
  /** Epoch milliseconds. */
  endedAt: number;
}

export interface TabOpening {
  reads: DownstreamRead[];
  /** When the detail page had its cluster (the provisioning cluster's answer), epoch ms. */
  pageDataAt: number;
  /** When the tab showed its status and every step (planned from the cluster object alone), epoch ms. */
  statusShownAt: number;
  /** When the tab showed its status with every step and the live pre-flight, epoch ms. */
  statusCompleteAt: number;
}

/** The live pre-flight items the tab shows once it has read the downstream cluster. */
export const LIVE_PREFLIGHT_ITEMS = ['cluster-active', 'nodes-ready', 'ebs-volumes', 'ecr-images'];

function endOf(req: Request): number {
  const t = req.timing();

  return t.startTime + Math.max(t.responseEnd, 0);
}

/**
 * Opens `clusterName`'s detail page in Cluster Management, then its migration tab, and waits until the tab's status is
 * complete. `clusterId` is the management cluster id, whose downstream requests are recorded.
 */
export async function openTabMeasured(page: Page, baseUrl: string, clusterName: string, clusterId: string, timeoutMs = 120000): Promise<TabOpening> {
  const prefix = `/k8s/clusters/${ clusterId }/`;
  const pending: Promise<void>[] = [];
  const reads: DownstreamRead[] = [];
  let pageDataAt = 0;
  const onFinished = (req: Request) => {
    const u = new URL(req.url());

    if (!pageDataAt && req.method() === 'GET' && u.pathname.startsWith('/v1/provisioning.cattle.io.clusters')) {
      pageDataAt = endOf(req);
    }
    if (!u.pathname.startsWith(prefix)) {
      return;
    }
    pending.push((async () => {
      const [sizes, response] = await Promise.all([req.sizes(), req.response()]);
      const headers = response ? await response.allHeaders() : {};

      reads.push({
        method:      req.method(),
        url:         `${ u.pathname }${ u.search }`,
        status:      response?.status() ?? 0,
        transferred: sizes.responseHeadersSize + sizes.responseBodySize,
        body:        sizes.responseBodySize,
        encoding:    headers['content-encoding'],
        startedAt:   req.timing().startTime,
        endedAt:     endOf(req),
      });
    })());
  };

  page.on('requestfinished', onFinished);
  try {
    await page.goto(`${ baseUrl }/c/_/manager/provisioning.cattle.io.cluster/fleet-default/${ clusterName }`);
    const tab = page.locator('[data-testid="btn-cloud-provider-migration"]');

    await tab.waitFor({ timeout: timeoutMs });
    await tab.click();
    const statusShownAt = await (await page.waitForFunction(() => {
      const root = document.querySelector('[data-testid="cpm-tab"]');
      const shown = !!root?.querySelector('[data-testid="cpm-status"]') && !!root.querySelector('[data-testid^="cpm-step-"][data-action]');

      return shown ? performance.timeOrigin + performance.now() : 0;
    }, undefined, { timeout: timeoutMs, polling: 'raf' })).jsonValue() as number;
    const statusCompleteAt = await (await page.waitForFunction((items: string[]) => {
      const root = document.querySelector('[data-testid="cpm-tab"]');
      const complete = !!root?.querySelector('[data-testid="cpm-status"]') && !!root.querySelector('[data-testid^="cpm-step-"][data-action]') &&
        items.every((id) => root.querySelector(`[data-testid="cpm-preflight-${ id }"]`));

      return complete ? performance.timeOrigin + performance.now() : 0;
    }, LIVE_PREFLIGHT_ITEMS, { timeout: timeoutMs })).jsonValue() as number;

    // Let reads still under way finish and be measured.
    await page.waitForLoadState('networkidle', { timeout: 30000 }).catch(() => undefined);
    await Promise.all(pending);

    return {
      reads: [...reads].sort((a, b) => a.endedAt - b.endedAt), pageDataAt, statusShownAt, statusCompleteAt
    };
  } finally {
    page.off('requestfinished', onFinished);
  }
}
