import { randomBytes } from 'node:crypto'

import { signIn } from './support/auth'
import { FIXTURE_LECTURE, seekWithBar, videoTime, waitForPlayer } from './support/player'
import { expect, test } from './support/test'

test.describe('instructor aids on a lecture page', () => {
  test('markers for every question, a preview with the key that stores nothing, and copy current time', async ({ page, context, db }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const email = `e2e-instructor-${randomBytes(4).toString('hex')}@example.edu`
    await signIn(page, { email, role: 'INSTRUCTOR' }, `/lectures/${FIXTURE_LECTURE}`)
    await waitForPlayer(page)

    const markers = page.getByTestId('question-marker')
    await expect(markers).toHaveCount(5)
    await expect(markers.nth(2)).toHaveAccessibleName('Preview question 3 at 0:20 (output, blocking)')

    await markers.nth(2).click()
    const dialog = page.getByRole('dialog')
    await expect(dialog.getByRole('heading', { level: 2 })).toHaveText('Preview: Question 3 of 5')
    await expect(dialog.getByRole('heading', { name: 'Answer key' })).toBeVisible()
    await expect(dialog.getByTestId('expected-output')).toHaveText('e2e-output-ALPHA\ne2e-output-BETA\n')
    await expect(dialog).toContainText('E2E-EXPLANATION-OUTPUT')
    await expect(dialog.getByRole('button', { name: 'Submit answer' })).toHaveCount(0)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(dialog).toBeHidden()

    // the table previews too
    await page.getByRole('button', { name: 'Preview e2e-q5-multiple' }).click()
    await expect(page.getByRole('dialog')).toContainText('E2E-EXPLANATION-MULTIPLE')
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toBeHidden()

    const stored = await db.query(`SELECT count(*)::int AS n FROM "QuizResponse" r JOIN "User" u ON u.id = r."userId" WHERE u.email = $1`, [email])
    expect(stored.rows[0].n).toBe(0)

    // authoring mode: seek anywhere without stopping, then copy the time for the quiz file
    await page.getByLabel(/Authoring mode/).check()
    await seekWithBar(page, 33)
    await expect.poll(() => videoTime(page)).toBe(33)
    await expect(page.getByRole('dialog')).toHaveCount(0)
    await page.getByTestId('copy-time').click()
    await expect(page.getByTestId('copy-status')).toHaveText('Copied 0:33')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('0:33')
  })

  test('students get no preview: 403 and nothing revealed', async ({ page }) => {
    await signIn(page, 'student', `/lectures/${FIXTURE_LECTURE}`)
    await waitForPlayer(page)
    await expect(page.getByTestId('question-marker')).toHaveCount(0)
    await expect(page.getByRole('heading', { name: 'Instructor tools' })).toHaveCount(0)
    const res = await page.request.get('/api/questions/e2e-q3-output/preview')
    expect(res.status()).toBe(403)
    expect(await res.text()).not.toContain('e2e-output-ALPHA')
  })
})
