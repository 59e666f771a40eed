/** Page object of the migration tab: reads what it shows through its data-testids. */
import { Page } from 'playwright-core';
import { acknowledgePrerequisites } from './harness';

export interface TabView {
  /** The steps (and the header), a finished migration's summary, or the one line of a cluster it does not apply to. */
  view: 'steps' | 'completion' | 'not-applicable';
  status: string | null;
  distro: string | null;
  /** The step cards shown: every step, or on the summary the optional ones left. */
  steps: { id: string; done: boolean; action: string | null }[];
  /** l10n keys the page failed to translate (the shell renders a missing key as `%key%`). */
  missingKeys: string[];
}

export async function readTab(page: Page): Promise<TabView> {
  const root = page.locator('[data-testid="cpm-tab"]');

  await root.locator('[data-testid="cpm-status"], [data-testid="cpm-not-applicable"]').first().waitFor();
  // One read of the page, so the view, the status and the steps are of the same render.
  const seen = await root.evaluate((tab: HTMLElement) => {
    const line = tab.querySelector('[data-testid="cpm-not-applicable"]');
    const status = line || tab.querySelector('[data-testid="cpm-status"]');
    const distro = line || tab.querySelector('[data-testid="cpm-distro"]');

    return {
      view:   line ? 'not-applicable' : tab.querySelector('[data-testid="cpm-completion"]') ? 'completion' : 'steps',
      status: status?.getAttribute('data-status') ?? null,
      distro: distro?.getAttribute('data-distro') ?? null,
      steps:  [...tab.querySelectorAll('[data-testid^="cpm-step-"][data-action]')].map((el) => ({
        id:     (el.getAttribute('data-testid') || '').replace(/^cpm-step-/, ''),
        done:   el.getAttribute('data-done') === 'true',
        action: el.getAttribute('data-action'),
      })),
      text: tab.innerText,
    };
  });
  const missingKeys = [...seen.text.matchAll(/%(cloudProviderMigration\.[^%\s]*)%/g)].map((m) => m[1]);

  return {
    view: seen.view as TabView['view'], status: seen.status, distro: seen.distro, steps: seen.steps, missingKeys
  };
}

/** How long one step may take in the simulator, from its run button to its outcome. */
export const STEP_TIMEOUT = 180000;

/** Runs a step from its card: ticks the prerequisites, confirms, waits for the outcome; returns its kind. */
export async function runNext(page: Page, step: string): Promise<string | null> {
  await acknowledgePrerequisites(page);
  await page.locator(`[data-testid="cpm-run"][data-step="${ step }"]`).click();
  await page.locator('[data-testid="cpm-apply"]').click();
  await page.locator('[data-testid="cpm-header"][data-running]').waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  await page.locator('[data-testid="cpm-outcome"]').waitFor({ timeout: 30000 });

  return page.locator('[data-testid="cpm-outcome"]').getAttribute('data-kind');
}
