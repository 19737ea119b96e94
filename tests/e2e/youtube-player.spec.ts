import fs from 'node:fs'
import path from 'node:path'

import { freshStudent, signIn } from './support/auth'
import { expect, test } from './support/test'

// A lecture that plays from YouTube loads the IFrame Player API, and the quiz works through it as through the
// HTML5 player. YouTube is not reachable from the tests, so its API and embed page are answered by a local
// stand-in (support/fake-youtube-api.js); every request to YouTube is intercepted and none leaves the machine.

const FAKE_API = fs.readFileSync(path.join(import.meta.dirname, 'support', 'fake-youtube-api.js'), 'utf8')

test('a YouTube lecture loads the IFrame API, and its questions stop the video', async ({ page, foreignRequests }) => {
  await page.route('https://www.youtube.com/iframe_api', (route) => route.fulfill({ contentType: 'text/javascript', body: FAKE_API }))
  await page.route('https://www.youtube-nocookie.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>embed</title>' }))
  await signIn(page, freshStudent('youtube'), '/lectures/e2e-youtube')
  await expect(page.locator('[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 })

  const src = await page.evaluate(() => (window as unknown as { __fakeYT: { iframeSrc: string } }).__fakeYT.iframeSrc)
  expect(src).toMatch(/^https:\/\/www\.youtube-nocookie\.com\/embed\/e2eTestVid0\?/)
  expect(src).toContain('enablejsapi=1')
  expect(src).toContain(`origin=${encodeURIComponent(new URL(page.url()).origin)}`)

  // the page's controls drive the API: speed, play, and a stop at the blocking question
  await page.getByTestId('playback-speed').selectOption('2')
  await page.getByRole('button', { name: 'Play', exact: true }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText('Question 1 of 1', { timeout: 10_000 })
  const fake = () =>
    page.evaluate(() => {
      const yt = (window as unknown as { __fakeYT: { player: { getCurrentTime(): number; getPlaybackRate(): number }; state(): number } }).__fakeYT
      return { time: yt.player.getCurrentTime(), state: yt.state(), rate: yt.player.getPlaybackRate() }
    })
  expect(await fake()).toEqual({ time: 3, state: 2, rate: 2 })

  await dialog.getByLabel('yes').check()
  await dialog.getByRole('button', { name: 'Submit answer' }).click()
  await expect(dialog).toContainText('E2E-EXPLANATION-YOUTUBE')
  await dialog.getByRole('button', { name: 'Continue watching' }).click()
  await expect.poll(async () => (await fake()).state).toBe(1)

  // only the API script and the embed were requested from YouTube, and both were answered locally
  expect(foreignRequests.length).toBeGreaterThan(0)
  expect(foreignRequests.every((u) => u === 'https://www.youtube.com/iframe_api' || u.startsWith('https://www.youtube-nocookie.com/embed/e2eTestVid0?'))).toBe(
    true,
  )
  foreignRequests.length = 0
})

test('a lecture given as a playlist position cues that item through the API', async ({ page, foreignRequests }) => {
  await page.route('https://www.youtube.com/iframe_api', (route) => route.fulfill({ contentType: 'text/javascript', body: FAKE_API }))
  await page.route('https://www.youtube-nocookie.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>embed</title>' }))
  await signIn(page, freshStudent('playlist'), '/lectures/e2e-youtube-playlist')
  await expect(page.locator('[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 })
  const yt = await page.evaluate(() => {
    const f = (window as unknown as { __fakeYT: { iframeSrc: string; cued: unknown } }).__fakeYT
    return { src: f.iframeSrc, cued: f.cued }
  })
  expect(yt.src).toMatch(/^https:\/\/www\.youtube-nocookie\.com\/embed\/videoseries\?.*list=PLe2eTestPlaylist000001/)
  // item 2 of the playlist is index 1 for the API
  expect(yt.cued).toEqual({ listType: 'playlist', list: 'PLe2eTestPlaylist000001', index: 1, startSeconds: 0 })
  expect(foreignRequests.every((u) => u === 'https://www.youtube.com/iframe_api' || u.startsWith('https://www.youtube-nocookie.com/embed/videoseries?'))).toBe(
    true,
  )
  foreignRequests.length = 0
})
