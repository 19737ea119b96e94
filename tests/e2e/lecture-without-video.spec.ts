import type { Locator, Page } from '@playwright/test'

import { freshStudent, signIn } from './support/auth'
import { FIXTURE_LECTURE, questionDialog } from './support/player'
import { documentWidth, PHONE, screenshotBothWidths } from './support/screenshots'
import { expect, test } from './support/test'

// When the player cannot load (a blocked network, a missing file), the lecture turns into a reading quiz: every
// question stays answerable in order next to its chapter and source, required questions still gate the rest,
// and the dead controls say why they do nothing. Here the fixture lecture's video file answers 404.

async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let i = 0; i < limit && !(await target.evaluate((el) => el === document.activeElement).catch(() => false)); i++) await page.keyboard.press('Tab')
  await expect(target).toBeFocused()
}

/** Open question n from the reading list with the keyboard, answer it with `answer`, close it, and check the verdict. */
async function answerByKeyboard(page: Page, n: number, answer: (dialog: Locator) => Promise<void>): Promise<void> {
  const open = page.getByTestId('reading-quiz').getByRole('button', { name: `Answer question ${n}`, exact: true })
  await tabTo(page, open)
  await page.keyboard.press('Enter')
  const dialog = questionDialog(page)
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(`Question ${n} of 5`)
  await expect(dialog.getByRole('heading', { level: 2 })).toBeFocused()
  await answer(dialog)
  await expect(dialog.getByRole('heading', { name: /^Correct/ })).toBeFocused()
  const close = dialog.getByRole('button', { name: 'Close', exact: true })
  await tabTo(page, close, 20)
  await page.keyboard.press('Enter')
  await expect(questionDialog(page)).toBeHidden()
}

test.describe('a lecture whose video cannot load', () => {
  test.beforeEach(async ({ page }) => {
    await page.route('**/api/lectures/media/clip.webm', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' }))
  })

  test('says so, disables seeking visibly, and a keyboard-only student answers every question in order', async ({ page }) => {
    await signIn(page, freshStudent('novideo'), `/lectures/${FIXTURE_LECTURE}`)
    const unavailable = page.getByTestId('video-unavailable')
    await expect(unavailable.getByRole('heading', { name: 'Video unavailable' })).toBeVisible({ timeout: 20_000 })
    await expect(unavailable).toContainText('could not be loaded')
    // the dead controls are gone, and say so
    await expect(page.getByRole('group', { name: 'Video controls' })).toBeHidden()
    await expect(page.getByTestId('controls-off')).toBeVisible()
    await expect(page.getByRole('complementary', { name: 'Chapters' })).toContainText('Jumping to a chapter needs the video')

    // a playback key says why it does nothing
    const goToQuestions = unavailable.getByRole('button', { name: 'Go to the questions' })
    await tabTo(page, goToQuestions)
    await page.keyboard.press('l')
    await expect(page.getByTestId('control-notice')).toContainText('Playback shortcuts are off because the video is unavailable')
    await page.keyboard.press('Enter')
    await expect(page.getByRole('heading', { name: 'Read and answer' })).toBeFocused()

    const reading = page.getByTestId('reading-quiz')
    // each question sits with its chapter's title and source
    await expect(reading.getByRole('heading', { name: 'Opening', level: 3 })).toBeVisible()
    await expect(reading.getByRole('link', { name: 'Python/ceval.c:1-20' })).toBeVisible()
    // the required question 3 gates questions 4 and 5
    await expect(reading.locator('[data-reading-question="e2e-q4-text"]')).toContainText('Opens after you answer question 3.')

    await answerByKeyboard(page, 1, async (dialog) => {
      await page.keyboard.press('Tab')
      await expect(dialog.getByRole('radio').first()).toBeFocused()
      await page.keyboard.press('Space')
      await tabTo(page, dialog.getByRole('button', { name: 'Submit answer' }), 10)
      await page.keyboard.press('Enter')
    })
    await answerByKeyboard(page, 2, async (dialog) => {
      await tabTo(page, dialog.getByLabel('Your answer (a number)'), 10)
      await page.keyboard.type('3')
      await page.keyboard.press('Enter')
    })
    await answerByKeyboard(page, 3, async (dialog) => {
      await tabTo(page, dialog.getByLabel('What does the program print?'), 10)
      await page.keyboard.type('e2e-output-ALPHA\ne2e-output-BETA')
      await tabTo(page, dialog.getByRole('button', { name: 'Submit answer' }), 10)
      await page.keyboard.press('Enter')
    })
    await expect(reading.locator('[data-reading-question="e2e-q4-text"]')).not.toContainText('Opens after')
    await answerByKeyboard(page, 4, async (dialog) => {
      await tabTo(page, dialog.getByLabel('Your answer'), 10)
      await page.keyboard.type('tp_iternext')
      await page.keyboard.press('Enter')
    })
    await answerByKeyboard(page, 5, async (dialog) => {
      await tabTo(page, dialog.getByRole('checkbox', { name: 'ob_refcnt' }), 10)
      await page.keyboard.press('Space')
      await page.keyboard.press('Tab')
      await page.keyboard.press('Space')
      await expect(dialog.getByRole('checkbox', { name: 'ob_type' })).toBeChecked()
      await tabTo(page, dialog.getByRole('button', { name: 'Submit answer' }), 10)
      await page.keyboard.press('Enter')
    })
    await expect(page.getByTestId('quiz-score')).toHaveText('5 of 5 answered · 5/5 points')

    await screenshotBothWidths(page, 'lecture-without-video')
    await page.setViewportSize(PHONE)
    expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width)
  })

  test('a student can also choose to read the lecture while the video works', async ({ page }) => {
    await page.unroute('**/api/lectures/media/clip.webm')
    await signIn(page, freshStudent('reader'), `/lectures/${FIXTURE_LECTURE}`)
    await expect(page.locator('[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 })
    await page.getByRole('button', { name: 'Read and answer without the video' }).click()
    await expect(page.getByTestId('video-unavailable').getByRole('heading', { name: 'Reading without the video' })).toBeVisible()
    await expect(page.getByTestId('reading-quiz').getByRole('button', { name: 'Answer question 1', exact: true })).toBeVisible()
    await page.getByRole('button', { name: 'Back to the video' }).click()
    await expect(page.getByRole('group', { name: 'Video controls' })).toBeVisible()
  })
})
