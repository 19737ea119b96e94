import { signIn } from './support/auth'
import { documentWidth, PHONE, screenshotBothWidths } from './support/screenshots'
import { expect, test } from './support/test'

// Every page a student uses fits a 390-pixel-wide phone without sideways scrolling; each is screenshotted at
// desktop and phone width into test-results/e2e-screenshots/.

const STUDENT_PAGES: [string, string][] = [
  ['home', '/'],
  ['homework-list', '/homework'],
  ['assignment', '/homework/annotate-int-add'],
  ['grades', '/grades'],
  ['settings', '/settings'],
  ['source-index', '/source'],
  ['lecture', '/lectures/e2e-player'],
]

test.describe('pages on a phone', () => {
  for (const [name, path] of STUDENT_PAGES) {
    test(`${path} fits 390 px without sideways scrolling`, async ({ page }) => {
      await signIn(page, 'student', path)
      await screenshotBothWidths(page, name)
      await page.setViewportSize(PHONE)
      expect(await documentWidth(page), `${path} document width`).toBeLessThanOrEqual(PHONE.width)
    })
  }

  test('the assignment page reads README first, then a full-width submit area', async ({ page }) => {
    await signIn(page, 'student', '/homework/annotate-int-add')
    const readme = page.getByRole('heading', { name: 'Assignment', level: 2 })
    const submit = page.getByRole('heading', { name: 'Submit', level: 2 })
    const [readmeBox, submitBox] = [await readme.boundingBox(), await submit.boundingBox()]
    expect(readmeBox!.y).toBeLessThan(submitBox!.y)
    const area = await page.getByTestId('submit-area').boundingBox()
    const main = await page.locator('main').boundingBox()
    expect(area!.width).toBeGreaterThan(main!.width * 0.85)
    await page.getByLabel('Paste the diff').check()
    await expect(page.getByLabel('Unified diff')).toHaveAttribute('placeholder', /Python\/ceval\.c|Objects\/intobject\.c/)
  })

  test('the header folds behind a Menu button on a phone', async ({ page }) => {
    await page.setViewportSize(PHONE)
    await signIn(page, 'student', '/homework')
    const nav = page.getByRole('navigation', { name: 'Main' })
    await expect(nav).toBeHidden()
    await page.getByRole('button', { name: 'Menu' }).click()
    await expect(nav.getByRole('link', { name: 'My grades' })).toBeVisible()
    await nav.getByRole('link', { name: 'My grades' }).click()
    await expect(page).toHaveURL(/\/grades$/)
    await expect(nav).toBeHidden()
  })

  test('the API token page copies a new token', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await signIn(page, 'student', '/settings')
    await page.getByLabel('New token name').fill(`phone-${Date.now()}`)
    await page.getByRole('button', { name: /Create/ }).click()
    const token = (await page.getByTestId('new-token').textContent())!.trim()
    await page.getByRole('button', { name: 'Copy the token' }).click()
    await expect(page.getByText('Copied to the clipboard.')).toBeVisible()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token)
  })
})
