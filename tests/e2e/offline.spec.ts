import { freshStudent, signIn } from './support/auth'
import { play, videoPaused, waitForPlayer } from './support/player'
import { expect, test } from './support/test'

// Every page the lecture feature serves works with no request to any host but the app: the self-hosted video
// (LECTURE_VIDEO_OVERRIDE in the e2e environment) means the YouTube IFrame API is never loaded (it is loaded
// only for a lecture that plays from YouTube), and Monaco comes from /monaco/vs. The automatic `foreignRequests` fixture fails the test on any other host.

test('the lecture pages and the source viewer make no request to another host', async ({ page, db, foreignRequests }) => {
  test.setTimeout(120_000)
  await signIn(page, freshStudent('offline'), '/')
  await page.goto('/lectures')
  // every lecture except the fixtures that stand in for YouTube (youtube-player.spec.ts)
  const { rows } = await db.query<{ slug: string }>(`SELECT slug FROM "Lecture" WHERE slug NOT LIKE 'e2e-youtube%' ORDER BY number`)
  expect(rows.length).toBeGreaterThanOrEqual(10)
  for (const { slug } of rows) {
    await page.goto(`/lectures/${slug}`)
    await waitForPlayer(page)
    await expect(page.locator('iframe')).toHaveCount(0)
    await expect(page.locator('script[src*="youtube"]')).toHaveCount(0)
    await expect(page.getByRole('heading', { name: 'Chapters' })).toBeVisible()
    await play(page)
    await page.waitForTimeout(300)
    if (!(await videoPaused(page))) await page.getByRole('button', { name: 'Pause', exact: true }).click()
  }
  await page.goto('/source/Objects/listobject.c?lines=10-20')
  await expect(page.getByTestId('source-viewer').locator('.monaco-editor')).toBeVisible({ timeout: 20_000 })
  expect(foreignRequests).toEqual([])
})
