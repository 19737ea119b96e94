import { expect, type Locator, type Page } from '@playwright/test'

// Driving the lecture player in tests. The fixture lecture (tests/e2e/fixtures/quizzes/90-e2e-player.yaml)
// plays the generated 90-second clip with questions at 0:04, 0:12, 0:20 (blocking), 0:40 and 0:50 (blocking).
export const FIXTURE_LECTURE = 'e2e-player'

export async function openLecture(page: Page, slug = FIXTURE_LECTURE): Promise<void> {
  await page.goto(`/lectures/${slug}`)
  await waitForPlayer(page)
}

export async function waitForPlayer(page: Page): Promise<void> {
  await expect(page.locator('[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 })
}

export const video = (page: Page): Locator => page.getByTestId('lecture-video')
export const questionDialog = (page: Page): Locator => page.getByRole('dialog')

export function videoTime(page: Page): Promise<number> {
  return video(page).evaluate((v: HTMLVideoElement) => v.currentTime)
}

export function videoPaused(page: Page): Promise<boolean> {
  return video(page).evaluate((v: HTMLVideoElement) => v.paused)
}

/**
 * Click Play and wait until playback has started: the video is playing, or it has already moved on (on a loaded
 * host it can reach a question, which pauses it again, before the first check runs).
 */
export async function play(page: Page): Promise<void> {
  const before = await videoTime(page)
  await page.getByRole('button', { name: 'Play', exact: true }).click()
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement, t: number) => !v.paused || v.currentTime > t, before)).toBe(true)
}

export async function setSpeed(page: Page, rate: number): Promise<void> {
  await page.getByTestId('playback-speed').selectOption(String(rate))
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(rate)
}

/** Seek with the page's seek bar (keyboard- and mouse-equivalent: sets the range input's value). */
export async function seekWithBar(page: Page, seconds: number): Promise<void> {
  await page.getByTestId('seek-bar').fill(String(seconds))
}

/** Seek the <video> element directly, as the browser's own media controls or a script would. */
export async function seekElement(page: Page, seconds: number): Promise<void> {
  await video(page).evaluate((v: HTMLVideoElement, t: number) => {
    v.currentTime = t
  }, seconds)
}

export async function expectQuestionOpen(page: Page, number: number, total = 5): Promise<Locator> {
  const dialog = questionDialog(page)
  await expect(dialog).toBeVisible({ timeout: 20_000 })
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(`Question ${number} of ${total}`)
  return dialog
}
