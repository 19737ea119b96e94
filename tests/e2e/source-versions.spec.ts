import type { Page } from '@playwright/test'

import { signIn } from './support/auth'
import { screenshotBothWidths } from './support/screenshots'
import { expect, test } from './support/test'

// Line references in the content are written against CPython 2.7.8; a server may serve 2.7.8 or the 2.7.18
// fallback (CI). Each must land on the same code. This machine may have both trees extracted (the viewer then links
// to the other one); CI has only 2.7.18, where the committed line map does the work.

/** The text of the first highlighted line in the Monaco viewer. */
async function highlightedLineText(page: Page): Promise<string> {
  const viewer = page.getByTestId('source-viewer')
  await expect(viewer.locator('.src-highlight-line').first()).toBeVisible({ timeout: 20_000 })
  return page.evaluate(() => {
    const mark = document.querySelector('.src-highlight-line')!.getBoundingClientRect()
    const lines = [...document.querySelectorAll('.view-lines .view-line')]
    const line = lines.find((l) => Math.abs(l.getBoundingClientRect().top - mark.top) < 2)
    return (line?.textContent ?? '').replace(/\u00a0/g, ' ')
  })
}

/** The versions this server has: the one it serves, then any other it links to. */
async function serverVersions(page: Page): Promise<string[]> {
  await page.goto('/source')
  const note = page.getByTestId('tree-version')
  const served = (await note.getAttribute('data-version'))!
  const others = await note.getByRole('link', { name: /^CPython / }).allTextContents()
  return [served, ...others.map((t) => t.replace('CPython ', ''))]
}

test.describe('source viewer across CPython versions', () => {
  test('a 2.7.8 reference lands on the same code in every tree this server has', async ({ page }) => {
    await signIn(page, 'student', '/source')
    await expect(page.getByText(/not been extracted|npm start/)).toHaveCount(0)
    const versions = await serverVersions(page)
    expect(versions.length).toBeGreaterThan(0)
    for (const version of versions) {
      // the main loop, cited as Python/ceval.c:964 (2.7.8): line 964 in 2.7.8, 1069 in 2.7.18
      await page.goto(`/source/Python/ceval.c?lines=964&v=2.7.8&tree=${version}`)
      await expect(page.getByTestId('tree-version')).toHaveAttribute('data-version', version)
      const expectedLine = version === '2.7.8' ? '964' : version === '2.7.18' ? '1069' : null
      if (expectedLine) await expect(page.getByTestId('source-viewer')).toHaveAttribute('data-highlight', new RegExp(`^${expectedLine}(-${expectedLine})?$`))
      expect((await highlightedLineText(page)).trim(), `CPython ${version}`).toBe('for (;;) {')
      if (version !== '2.7.8') await expect(page.getByTestId('tree-version')).toContainText(`line 964 of 2.7.8 is line ${expectedLine} here`)
      // once in the viewer, the URL holds this tree's own line numbers
      await expect(page).toHaveURL(new RegExp(`lines=${expectedLine}(&|$)`))
      await expect(page).not.toHaveURL(/[?&]v=/)
    }
  })

  test("a README's file:line reference is a link to that code", async ({ page }) => {
    await signIn(page, 'student', '/homework/annotate-int-add')
    const readme = page.locator('article.markdown')
    const link = readme.getByRole('link', { name: 'Python/ceval.c:964', exact: true })
    await expect(link).toHaveAttribute('href', '/source/Python/ceval.c?lines=964&v=2.7.8')
    await link.click()
    expect((await highlightedLineText(page)).trim()).toBe('for (;;) {')
    await screenshotBothWidths(page, 'source-viewer-mapped')
  })

  test('the instructor sees which tree the viewer serves on Content status', async ({ page }) => {
    await signIn(page, 'instructor', '/instructor/content')
    await expect(page.getByTestId('source-viewer-status')).toContainText(/The source viewer serves the CPython 2\.7\.\d+ tree/)
  })
})
