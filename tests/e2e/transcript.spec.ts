import { freshStudent, signIn } from './support/auth'
import { expectQuestionOpen, FIXTURE_LECTURE, play, questionDialog, seekWithBar, videoTime, waitForPlayer } from './support/player'
import { screenshotBothWidths } from './support/screenshots'
import { expect, test } from './support/test'

// The fixture lecture's transcript (tests/e2e/fixtures/quizzes/90-e2e-player.vtt): the panel follows playback,
// searches, seeks on click, and holds back everything past the required question at 0:20 until it is answered.

test('the transcript follows playback, searches, seeks, and hides text past an unanswered required question', async ({ page }) => {
  await signIn(page, freshStudent('transcript'), `/lectures/${FIXTURE_LECTURE}`)
  await waitForPlayer(page)
  const panel = page.getByTestId('transcript')
  await expect(panel).toContainText('E2E-CUE-OPENING')
  await expect(panel).toContainText('E2E-CUE-BEFORE-GATE')
  // past the required question at 0:20: not on the page, and not sent by the server either
  await expect(panel).not.toContainText('E2E-CUE-AFTER-GATE')
  await expect(page.getByTestId('transcript-gated')).toContainText('after 0:20')
  for (const url of [`/api/lectures/${FIXTURE_LECTURE}/transcript`, `/api/lectures/${FIXTURE_LECTURE}/captions`]) {
    const body = await (await page.request.get(url)).text()
    expect(body, url).toContain('E2E-CUE-OPENING')
    expect(body, url).not.toContain('E2E-CUE-AFTER-GATE')
  }

  // follows playback: playing to the first question (0:04) highlights the cue that runs 0:03-0:07
  await play(page)
  const q1 = await expectQuestionOpen(page, 1)
  await expect(panel.locator('[aria-current="true"]')).toContainText('E2E-CUE-CEVAL')
  await q1.getByRole('button', { name: /skip/i }).click()
  await expect(questionDialog(page)).toBeHidden()
  await page.getByTestId('play-pause').click()

  // seeking elsewhere moves the highlight
  await seekWithBar(page, 8)
  await expect(panel.locator('[aria-current="true"]')).toContainText('E2E-CUE-OPCODES')

  // search, then seek by clicking the line found
  await panel.getByLabel('Search the transcript').fill('frame OBJECT')
  await expect(page.getByTestId('transcript-matches')).toHaveText('1 line matches.')
  await expect(panel.getByRole('button', { name: /E2E-CUE-OPENING/ })).toHaveCount(0)
  await panel.getByRole('button', { name: /E2E-CUE-FRAMES/ }).click()
  await expect.poll(() => videoTime(page)).toBeCloseTo(11, 0)
  await panel.getByLabel('Search the transcript').fill('')
  await expect(panel.locator('[aria-current="true"]')).toContainText('E2E-CUE-FRAMES')
  await screenshotBothWidths(page, 'lecture-transcript')
  await page.setViewportSize({ width: 1280, height: 800 })

  // answering the required question at 0:20 shows the transcript up to the next one (0:50)
  await seekWithBar(page, 30)
  const q3 = await expectQuestionOpen(page, 3)
  await q3.getByLabel('What does the program print?').fill('e2e-output-ALPHA\ne2e-output-BETA')
  await q3.getByRole('button', { name: 'Submit answer' }).click()
  await expect(q3.getByRole('heading', { name: /^Correct/ })).toBeVisible()
  await expect(panel).toContainText('E2E-CUE-AFTER-GATE')
  await expect(panel).not.toContainText('E2E-CUE-LATE')
  await expect(page.getByTestId('transcript-gated')).toContainText('after 0:50')
})
