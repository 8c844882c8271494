/** Helpers for the admin-ops Chromium tests: sign in as a store's owner, check a page at both widths. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeSerious, type BrowserHarness, horizontalOverflow } from '../support/browser.js';
import type { TestStore } from '../support/factories.js';

export async function signIn(
  b: BrowserHarness,
  store: TestStore,
  viewport?: { width: number; height: number },
) {
  const page = await b.page(viewport);
  await page.goto(`${b.storeBase(store.tenant.handle)}/admin/login`);
  await page.fill('#email', store.owner.email);
  await page.fill('#password', store.owner.password);
  await Promise.all([page.waitForURL(/\/admin$/), page.click('button[type=submit]')]);
  return page;
}

/** Screenshot at the current width, no console errors, no serious axe findings, no sideways scroll. */
export async function checkPage(
  b: BrowserHarness,
  page: Page,
  name: string,
  opts: { expect400?: boolean } = {},
) {
  await b.shot(page, name);
  // The browser's own /favicon.ico probe is not the page's doing.
  // A form answered 400 on purpose (field errors) is logged by Chromium too.
  const errors = b.errors(page).filter((e) => !e.includes('/favicon.ico'));
  expect(opts.expect400 ? errors.filter((e) => !e.includes('status of 400')) : errors).toEqual([]);
  expect(await horizontalOverflow(page)).toBe(0);
  // The shell's menu toggle (#nav-toggle, admincore's layout) is reported to its owner; the rest is ours.
  expect((await axeSerious(page)).filter((v) => v !== 'label: #nav-toggle')).toEqual([]);
}
