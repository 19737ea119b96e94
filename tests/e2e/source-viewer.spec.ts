import { signIn } from './support/auth'
import { expect, test } from './support/test'

// The source viewer: any file of the pristine tree in Monaco (served by the app), with the linked lines
// highlighted, a file tree and back-links into the lectures. Line numbers vary between 2.7.8 and CI's 2.7.18,
// so the assertions use ranges that exist in both.

test.describe('source viewer', () => {
  test('shows a file in Monaco with the linked lines highlighted and back-links to the lectures', async ({ page }) => {
    await signIn(page, 'student', '/source/Python/ceval.c?lines=120-140')
    const viewer = page.getByTestId('source-viewer')
    await expect(viewer).toHaveAttribute('data-highlight', '120-140')
    // Monaco, loaded from /monaco/vs on this server
    await expect(viewer.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 })
    await expect(viewer.locator('.src-highlight-line').first()).toBeVisible()
    await expect(viewer.locator('.line-numbers', { hasText: /^130$/ })).toBeVisible()
    // read-only
    await viewer.locator('.view-lines').click()
    await page.keyboard.type('zzz_typed')
    await expect(viewer).not.toContainText('zzz_typed')
    // the file tree opens the path to the file
    const tree = page.getByRole('navigation', { name: 'CPython source tree' })
    await expect(tree.getByRole('link', { name: 'ceval.c' })).toHaveAttribute('aria-current', 'page')
    await expect(tree.getByRole('link', { name: 'Python/' })).toHaveAttribute('aria-expanded', 'true')
    // "discussed in lecture N at m:ss" from the chapters whose sources include this file
    const backlinks = page.getByTestId('backlinks')
    await expect(backlinks).toContainText(/Discussed in lecture 2 at \d+:\d\d/)
    await backlinks
      .getByRole('link', { name: /^lecture 2 at/ })
      .first()
      .click()
    await expect(page).toHaveURL(/\/lectures\/opcodes-and-eval-loop/)
  })

  test('clicking a line number links to it', async ({ page }) => {
    await signIn(page, 'student', '/source/Include/object.h')
    const viewer = page.getByTestId('source-viewer')
    await expect(viewer.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 })
    await viewer.locator('.line-numbers', { hasText: /^5$/ }).click()
    await expect(page).toHaveURL(/lines=5$/)
    await viewer.locator('.line-numbers', { hasText: /^9$/ }).click({ modifiers: ['Shift'] })
    await expect(page).toHaveURL(/lines=5-9$/)
    await expect(viewer).toHaveAttribute('data-highlight', '5-9')
  })

  test('lists directories and finds files', async ({ page }) => {
    await signIn(page, 'student', '/source/Objects')
    await expect(page.getByRole('list', { name: 'Contents of Objects' }).getByRole('link', { name: 'listobject.c' })).toBeVisible()
    await page.goto('/source?q=frameobject')
    const results = page.getByRole('region', { name: /files? match/ })
    await expect(results.getByRole('link', { name: 'Objects/frameobject.c' })).toBeVisible()
    await expect(results.getByRole('link', { name: 'Include/frameobject.h' })).toBeVisible()
    await results.getByRole('link', { name: 'Objects/frameobject.c' }).click()
    await expect(page.getByTestId('source-viewer')).toBeVisible()
  })

  test('refuses paths outside the tree (404)', async ({ page }) => {
    await signIn(page, 'student', '/source')
    for (const bad of [
      '/source/..%2F..%2F..%2Fetc%2Fpasswd',
      '/source/%2E%2E/%2E%2E/etc/passwd',
      '/source/Python/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
      '/source/%2Fetc%2Fpasswd',
      '/source/Python/ceval.c%00.txt',
      '/source/Python/no-such-file.c',
      '/source/.extracted',
    ]) {
      const res = await page.request.get(bad)
      expect(res.status(), bad).toBe(404)
      expect(await res.text(), bad).not.toContain('root:x:0:0')
    }
  })
})
