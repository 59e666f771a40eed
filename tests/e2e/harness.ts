/**
 * Browser-test harness: the real dashboard (prebuilt, served by the simulator on the same origin) in Debian's
 * chromium driven by playwright-core. Every request that leaves loopback is blocked and recorded.
 */
import { spawn, ChildProcess } from 'child_process';
import { mkdirSync } from 'fs';
import path from 'path';
import net from 'net';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'artifacts');
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

export const USERS = {
  admin:    { username: 'admin', password: 'password1234' },
  readonly: { username: 'readonly', password: 'password1234' },
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();

    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;

      srv.close(() => resolve(port));
    });
  });
}

export interface Sim {
  url: string;
  proc: ChildProcess;
  control(pathname: string, body?: unknown): Promise<any>;
  api(pathname: string, init?: { method?: string; body?: unknown; cookie?: string }): Promise<{ status: number; json: any }>;
  stop(): Promise<void>;
}

/** Starts `tsx sim/main.ts` as a child process and waits until it answers. */
/** `bigCluster`: also the RKE2 cluster `big-rke2` with that many nodes (`--big-cluster`). */
export async function startSim(opts: { rancher: '2.13' | '2.11'; speed?: number; staticDir?: string; uiplugins?: string; chartRepo?: string; world?: 'fleet1000'; bigCluster?: number }): Promise<Sim> {
  const port = await freePort();
  const args = ['sim/main.ts', '--port', `${ port }`, '--host', '127.0.0.1', '--rancher', opts.rancher, '--speed', `${ opts.speed ?? 50 }`,
    '--static', opts.staticDir ?? path.join(ROOT, 'dist-devbuild')];

  if (opts.uiplugins) {
    args.push('--uiplugins', opts.uiplugins);
  }
  if (opts.chartRepo) {
    args.push('--chart-repo', opts.chartRepo);
  }
  if (opts.world) {
    args.push('--world', opts.world);
  }
  if (opts.bigCluster) {
    args.push('--big-cluster', `${ opts.bigCluster }`);
  }
  const proc = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';

  proc.stdout?.on('data', (d) => {
    output += d;
  });
  proc.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${ port }`;
  const deadline = Date.now() + 60000;

  for (;;) {
    if (proc.exitCode !== null) {
      throw new Error(`simulator exited with ${ proc.exitCode }:\n${ output }`);
    }
    try {
      const r = await fetch(`${ url }/__sim/health`);

      if (r.ok) {
        break;
      }
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error(`simulator did not start within 60 s:\n${ output }`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    proc,
    async control(pathname, body) {
      const r = await fetch(`${ url }/__sim/${ pathname }`, {
        method:  body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body:    body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();

      return text ? JSON.parse(text) : undefined;
    },
    async api(pathname, init = {}) {
      const r = await fetch(`${ url }${ pathname }`, {
        method:  init.method || 'GET',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}) },
        body:    init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await r.text();

      return { status: r.status, json: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
    },
  };
}

/** One request as the simulator logged it (`/__sim/requests`). */
export interface LoggedRequest {
  seq: number;
  method: string;
  url: string;
  status: number;
}

/** Every request the simulator has logged, oldest first. */
export async function loggedRequests(sim: Sim): Promise<LoggedRequest[]> {
  const log = await sim.control('requests');

  return (log.requests || log) as LoggedRequest[];
}

/**
 * The writes the simulator has logged (`METHOD url`), leaving out what the dashboard itself writes on any visit (user
 * preferences, login) and the tests' own control calls: for "the tab sent no write".
 */
export async function loggedWrites(sim: Sim): Promise<string[]> {
  return (await loggedRequests(sim))
    .filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !r.url.startsWith('/v1/userpreferences') && !r.url.includes('login') && !r.url.startsWith('/__sim'))
    .map((r) => `${ r.method } ${ r.url }`);
}

/** Logs in through the simulator's API (for API assertions outside the browser) and returns the cookie. */
export async function apiLogin(sim: Sim, user = USERS.admin): Promise<string> {
  const r = await fetch(`${ sim.url }/v1-public/login`, {
    method:  'POST',
    headers: { 'content-type': 'application/json' },
    body:    JSON.stringify({
      type: 'localProvider', description: 'e2e', responseType: 'cookie', username: user.username, password: user.password
    }),
  });

  if (!r.ok) {
    throw new Error(`API login failed: ${ r.status }`);
  }
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];

  return cookie;
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  blocked: string[];
  pageErrors: string[];
  /** Websocket frames the page sent (`>`) and received (`<`), newest last, for diagnosing live-update tests. */
  frames: string[];
  /** The page's console warnings and errors. */
  console: string[];
  close(): Promise<void>;
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function isLoopback(u: string): boolean {
  try {
    const { protocol, hostname } = new URL(u);

    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') {
      return true;
    }

    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
  } catch {
    return false;
  }
}

export async function openBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, ignoreHTTPSErrors: true });
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  await context.route('**/*', (route) => {
    const u = route.request().url();

    if (isLoopback(u)) {
      return route.continue();
    }
    blocked.push(u);

    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();

  const frames: string[] = [];
  const keep = (line: string) => {
    frames.push(line);
    if (frames.length > 2000) {
      frames.splice(0, frames.length - 2000);
    }
  };

  const consoleLines: string[] = [];

  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      consoleLines.push(`${ m.type() }: ${ m.text().slice(0, 500) }`);
    }
  });
  page.on('websocket', (ws) => {
    const where = new URL(ws.url()).pathname;

    keep(`${ new Date().toISOString() } open ${ where }`);
    ws.on('framesent', (f) => keep(`${ new Date().toISOString() } > ${ where } ${ String(f.payload).slice(0, 20000) }`));
    ws.on('framereceived', (f) => keep(`${ new Date().toISOString() } < ${ where } ${ String(f.payload).slice(0, 20000) }`));
    ws.on('close', () => keep(`${ new Date().toISOString() } close ${ where }`));
  });

  return {
    browser,
    context,
    page,
    blocked,
    pageErrors,
    frames,
    console: consoleLines,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

/**
 * For a live-update test that failed: the websocket frames about one type (name, revision, id and spec of each),
 * the dashboard store's copy of one object, and the page's console warnings.
 */
export async function describeLiveState(session: BrowserSession, type: string, id: string): Promise<string> {
  const frames = session.frames.filter((f) => !f.includes('"ping"') && (f.includes(type) || / (open|close) /.test(f))).map((f) => {
    const m = / ([<>]) (\S+) (\{.*)$/.exec(f);

    if (!m) {
      return f;
    }
    const frame = JSON.parse(m[3]);

    return `${ f.slice(0, 24) } ${ m[1] } ${ frame.name || 'watch' } ${ frame.revision || frame.resourceVersion || '' } ${ frame.data?.id || frame.id || '' } ${ JSON.stringify(frame.data?.spec || '') }`;
  });
  const inStore = await session.page.evaluate(([t, i]) => {
    const store = (document.querySelector('#app') as any)?.__vue_app__?.config?.globalProperties?.$store;
    const obj = store?.getters['management/byId'](t, i);

    return { found: !!store, resourceVersion: obj?.metadata?.resourceVersion, spec: obj?.spec };
  }, [type, id]);

  return `websocket frames:\n${ frames.join('\n') }\nthe store holds: ${ JSON.stringify(inStore) }\nconsole: ${ session.console.join('\n') }`;
}

export async function login(page: Page, baseUrl: string, user = USERS.admin): Promise<void> {
  await page.goto(`${ baseUrl }/auth/login`);
  await page.locator('input[data-testid="local-login-username"]').fill(user.username);
  await page.locator('[data-testid="local-login-password"] input').fill(user.password);
  await page.locator('[data-testid="login-submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/auth/login'), { timeout: 60000 });
}

/** Opens a cluster's detail page in Cluster Management and its migration tab. */
export async function openMigrationTab(page: Page, baseUrl: string, clusterName: string): Promise<void> {
  await page.goto(`${ baseUrl }/c/_/manager/provisioning.cattle.io.cluster/fleet-default/${ clusterName }`);
  const tab = page.locator('[data-testid="btn-cloud-provider-migration"]');

  await tab.waitFor({ timeout: 60000 });
  await tab.click();
  await page.locator('[data-testid="cpm-tab"]').waitFor({ timeout: 30000 });
}

/** Ticks the AWS prerequisites in the pre-flight list when the tab asks for them (before the first step is run). */
export async function acknowledgePrerequisites(page: Page): Promise<void> {
  const box = page.locator('[data-testid="cpm-preflight-iam-and-tags-ack"]');

  if (await box.count() && await box.isEnabled() && !(await box.isChecked())) {
    await box.check();
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${ name }.png`);
  // The dashboard scrolls inside its own container, so a full-page shot would stop at the viewport: grow the
  // viewport to the content for the shot, then put it back.
  const before = page.viewportSize() || { width: 1440, height: 1000 };
  const height = await page.evaluate(() => {
    const main = document.querySelector('main') || document.body;

    return Math.max(main.scrollHeight + 120, document.body.scrollHeight);
  });

  await page.setViewportSize({ width: before.width, height: Math.min(Math.max(height, before.height), 8000) });
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(before);

  return file;
}

export interface Dashboard {
  sim: Sim;
  session: BrowserSession;
  /** Admin session cookie for API calls outside the browser. */
  cookie: string;
}

/**
 * Registers node:test before/after hooks that start a simulator, open the browser and log in, and close both.
 * Call inside a `describe`; read the fields inside tests (they are set by the `before` hook).
 */
export function useDashboard(
  hooks: { before: (fn: () => Promise<void>) => void; after: (fn: () => Promise<void>) => void },
  opts: { rancher: '2.13' | '2.11'; user?: { username: string; password: string }; speed?: number; staticDir?: string; uiplugins?: string; chartRepo?: string; world?: 'fleet1000'; bigCluster?: number },
): Dashboard {
  const dashboard = {} as Dashboard;

  hooks.before(async () => {
    dashboard.sim = await startSim({
      rancher: opts.rancher, speed: opts.speed ?? 50, staticDir: opts.staticDir, uiplugins: opts.uiplugins, chartRepo: opts.chartRepo, world: opts.world, bigCluster: opts.bigCluster,
    });
    dashboard.cookie = await apiLogin(dashboard.sim);
    dashboard.session = await openBrowser();
    await login(dashboard.session.page, dashboard.sim.url, opts.user || USERS.admin);
  });
  hooks.after(async () => {
    await dashboard.session?.close();
    await dashboard.sim?.stop();
  });

  return dashboard;
}
