import fs from 'node:fs'
import path from 'node:path'

import type { Page } from '@playwright/test'

import { ROOT } from './environment'

/** Where every run's page screenshots go (kept with the e2e artifacts under test-results/). */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'e2e-screenshots')

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }

/**
 * Screenshots of the current page at desktop and phone width (full page), as <name>-desktop.png and
 * <name>-phone.png. Leaves the viewport at phone width.
 */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.setViewportSize(DESKTOP)
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage: true })
  await page.setViewportSize(PHONE)
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true })
}

/** The document's width at the current viewport: more than the viewport means the page scrolls sideways. */
export function documentWidth(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth))
}
