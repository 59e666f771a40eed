/** Page object of the migration tab: reads what it shows through its data-testids. */
import { Page } from 'playwright-core';

export interface TabView {
  status: string | null;
  distro: string | null;
  steps: { id: string; done: boolean; action: string | null }[];
  /** l10n keys the page failed to translate (the shell renders a missing key as `%key%`). */
  missingKeys: string[];
}

export async function readTab(page: Page): Promise<TabView> {
  const root = page.locator('[data-testid="cpm-tab"]');

  await root.locator('[data-testid="cpm-status"]').waitFor();
  const status = await root.locator('[data-testid="cpm-status"]').getAttribute('data-status');
  const distro = await root.locator('[data-testid="cpm-distro"]').getAttribute('data-distro');
  const steps = await root.locator('[data-testid^="cpm-step-"][data-action]').evaluateAll((els) => els.map((el) => ({
    id:     (el.getAttribute('data-testid') || '').replace(/^cpm-step-/, ''),
    done:   el.getAttribute('data-done') === 'true',
    action: el.getAttribute('data-action'),
  })));

  const text = await root.innerText();
  const missingKeys = [...text.matchAll(/%(cloudProviderMigration\.[^%\s]*)%/g)].map((m) => m[1]);

  return {
    status, distro, steps, missingKeys
  };
}
