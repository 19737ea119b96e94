import { formatVideoTime } from '@/lib/content/time'
import { freshStudent, signIn } from './support/auth'
import {
  expectQuestionOpen,
  FIXTURE_LECTURE,
  openLecture,
  play,
  questionDialog,
  seekElement,
  seekWithBar,
  setSpeed,
  video,
  videoPaused,
  videoTime,
  waitForPlayer,
} from './support/player'
import { expect, test } from './support/test'

// The in-video quiz on the fixture lecture: questions at 0:04 (single, 1 attempt), 0:12 (numeric, 2 attempts),
// 0:20 (output, blocking, 2 attempts), 0:40 (text) and 0:50 (multiple, blocking).

test.describe('in-video quiz', () => {
  test('the player pauses at a question at 1×', async ({ page }) => {
    await signIn(page, freshStudent('rate1'), `/lectures/${FIXTURE_LECTURE}`)
    await waitForPlayer(page)
    const started = Date.now()
    await play(page)
    await expectQuestionOpen(page, 1)
    const elapsed = (Date.now() - started) / 1000
    expect(await videoPaused(page)).toBe(true)
    expect(await videoTime(page)).toBeCloseTo(4, 1)
    // it got there by playing at normal speed
    expect(elapsed).toBeGreaterThan(3)
    await expect(page.getByTestId('announcer')).toContainText('Video paused for question 1 of 5')
  })

  test('the player pauses at each question at 2× without missing one', async ({ page }) => {
    await signIn(page, freshStudent('rate2'), `/lectures/${FIXTURE_LECTURE}`)
    await waitForPlayer(page)
    await setSpeed(page, 2)
    await play(page)
    const q1 = await expectQuestionOpen(page, 1)
    expect(await videoTime(page)).toBeCloseTo(4, 1)
    expect(await videoPaused(page)).toBe(true)

    await q1.getByRole('button', { name: 'Skip for now' }).click()
    await expect(questionDialog(page)).toBeHidden()
    const resumed = Date.now()
    await expect.poll(() => videoPaused(page)).toBe(false)
    await expectQuestionOpen(page, 2)
    // 8 seconds of video at 2× take about 4 s
    expect((Date.now() - resumed) / 1000).toBeLessThan(7)
    expect(await videoTime(page)).toBeCloseTo(12, 1)
    expect(await videoPaused(page)).toBe(true)
    expect(await video(page).evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(2)
  })

  test('a seek past a blocking question stops at it, whichever way the seek happens', async ({ page }) => {
    await signIn(page, freshStudent('seek'), `/lectures/${FIXTURE_LECTURE}`)
    await waitForPlayer(page)

    // the page's seek bar
    await seekWithBar(page, 60)
    const dialog = await expectQuestionOpen(page, 3)
    await expect(dialog).toContainText('cannot skip past it')
    expect(await videoTime(page)).toBe(20)
    await expect(dialog.getByRole('button', { name: 'Skip for now' })).toHaveCount(0)
    // Escape does not dismiss a blocking question
    await page.keyboard.press('Escape')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('must be answered before the video continues')

    // the media element itself (native controls, a script)
    await page.reload()
    await waitForPlayer(page)
    await expectQuestionOpen(page, 3) // the page was left at the question: it opens again
    await seekElement(page, 75)
    await expect.poll(() => videoTime(page)).toBe(20)
    await expectQuestionOpen(page, 3)
  })

  test('right and wrong answers show the server’s verdict, then the explanation', async ({ page, db }) => {
    const student = freshStudent('verdict')
    await signIn(page, student, `/lectures/${FIXTURE_LECTURE}`)
    await waitForPlayer(page)
    await seekWithBar(page, 20)
    const dialog = await expectQuestionOpen(page, 3)
    await expect(dialog.locator('pre code').first()).toContainText("print 'e2e-output-%s' % word.upper()")

    // wrong, with an attempt left: a verdict but no key and no explanation
    const output = dialog.getByLabel('What does the program print?')
    await output.fill('e2e-output-alpha\ne2e-output-beta\n')
    await dialog.getByRole('button', { name: 'Submit answer' }).click()
    await expect(dialog.getByRole('status')).toContainText('Not quite. Try again: 1 attempt left.')
    await expect(dialog).not.toContainText('E2E-EXPLANATION-OUTPUT')
    await expect(dialog.getByTestId('expected-output')).toHaveCount(0)

    // right: the key and the explanation come back with the verdict
    await output.fill('e2e-output-ALPHA   \ne2e-output-BETA')
    await dialog.getByRole('button', { name: 'Submit answer' }).click()
    await expect(dialog.getByRole('heading', { name: /^Correct/ })).toBeVisible()
    await expect(dialog).toContainText('E2E-EXPLANATION-OUTPUT')
    await expect(dialog.getByTestId('expected-output')).toHaveText('e2e-output-ALPHA\ne2e-output-BETA\n')
    await dialog.getByRole('button', { name: 'Continue watching' }).click()
    await expect(questionDialog(page)).toBeHidden()
    await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeFocused()
    await expect.poll(() => videoPaused(page)).toBe(false)
    await page.getByRole('button', { name: 'Pause', exact: true }).click()

    // wrong on the only attempt: the explanation and the right answer are shown at once
    await page.getByRole('button', { name: 'Answer Q1' }).click()
    const q1 = await expectQuestionOpen(page, 1)
    await q1.getByLabel('Objects/object.c').check()
    await q1.getByRole('button', { name: 'Submit answer' }).click()
    await expect(q1.getByRole('heading', { name: /^Not quite/ })).toBeVisible()
    await expect(q1).toContainText('That was your only attempt.')
    await expect(q1).toContainText('E2E-EXPLANATION-SINGLE')
    await expect(q1).toContainText('The answer is a')

    // what the server stored
    const rows = await db.query(
      `SELECT r."questionId", r.attempt, r.correct, r."pointsAwarded" FROM "QuizResponse" r JOIN "User" u ON u.id = r."userId" WHERE u.email = $1 ORDER BY r."questionId", r.attempt`,
      [(student as { email: string }).email],
    )
    expect(rows.rows).toEqual([
      { questionId: 'e2e-q1-single', attempt: 1, correct: false, pointsAwarded: 0 },
      { questionId: 'e2e-q3-output', attempt: 1, correct: false, pointsAwarded: 0 },
      { questionId: 'e2e-q3-output', attempt: 2, correct: true, pointsAwarded: 1 },
    ])

    // no attempt is left: the API refuses another answer and stores nothing
    const again = await page.request.post('/api/questions/e2e-q1-single/answers', { data: { answer: { choice: 'a' } } })
    expect(again.status()).toBe(409)
    expect((await again.json()).error.code).toBe('no_attempts_left')
    const count = await db.query(`SELECT count(*)::int AS n FROM "QuizResponse" r JOIN "User" u ON u.id = r."userId" WHERE u.email = $1`, [
      (student as { email: string }).email,
    ])
    expect(count.rows[0].n).toBe(3)

    // the list shows the standing, and a finished question can be reviewed
    await q1.getByRole('button', { name: 'Close' }).click()
    await expect(page.getByTestId('quiz-score')).toHaveText('2 of 5 answered · 1/5 points')
    await page.getByRole('button', { name: 'Review Q3' }).click()
    const review = await expectQuestionOpen(page, 3)
    await expect(review).toContainText('E2E-EXPLANATION-OUTPUT')
  })

  test('the resume position survives a reload, and is saved when the page is left', async ({ page }) => {
    await signIn(page, freshStudent('resume'), `/lectures/${FIXTURE_LECTURE}`)
    await waitForPlayer(page)
    await seekWithBar(page, 7)
    await expect.poll(() => videoTime(page)).toBe(7)
    await play(page)
    // pause as soon as the video has moved on: a fixed wait could reach the question at 0:12 on a loaded host,
    // which pauses the video itself and takes the Pause button away
    await expect.poll(() => videoTime(page), { intervals: [50] }).toBeGreaterThan(7.5)
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/lectures/${FIXTURE_LECTURE}/progress`) && r.request().method() === 'POST')
    await page.getByRole('button', { name: 'Pause', exact: true }).click()
    await saved
    const pausedAt = await videoTime(page)
    expect(pausedAt).toBeGreaterThan(7.5)

    await page.reload()
    await waitForPlayer(page)
    // the player resumes where the server says it was left; that position is the pause position up to the
    // browser's own jitter (currentTime read in the pause handler and read later can differ by a frame, which
    // straddles a whole second when the pause lands near one), so the clock shows the stored position
    const stored = (await (await page.request.get(`/api/lectures/${FIXTURE_LECTURE}/progress`)).json()).progress.positionSeconds
    expect(stored).toBeCloseTo(pausedAt, 0)
    expect(await videoTime(page)).toBeCloseTo(stored, 1)
    await expect(page.getByTestId('current-time')).toContainText(`${formatVideoTime(stored)} /`)

    // leaving without pausing: the position goes out with sendBeacon
    await play(page)
    await expect.poll(() => videoTime(page), { intervals: [50] }).toBeGreaterThan(pausedAt + 0.8)
    await page.goto('/lectures')
    await expect
      .poll(async () => (await (await page.request.get(`/api/lectures/${FIXTURE_LECTURE}/progress`)).json()).progress.positionSeconds, { timeout: 10_000 })
      .toBeGreaterThan(pausedAt + 0.5)
    const { progress } = await (await page.request.get(`/api/lectures/${FIXTURE_LECTURE}/progress`)).json()
    await openLecture(page)
    expect(await videoTime(page)).toBeCloseTo(progress.positionSeconds, 0)
  })

  test('a keyboard-only run answers a question', async ({ page }) => {
    await signIn(page, freshStudent('keyboard'), `/lectures/${FIXTURE_LECTURE}`)
    await waitForPlayer(page)
    const playButton = page.getByTestId('play-pause')
    for (let i = 0; i < 40 && !(await playButton.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
    await expect(playButton).toBeFocused()
    await page.keyboard.press('Enter')

    const dialog = await expectQuestionOpen(page, 1)
    await expect(dialog).toHaveAttribute('aria-modal', 'true')
    const labelledBy = await dialog.getAttribute('aria-labelledby')
    await expect(page.locator(`[id="${labelledBy}"]`)).toHaveText('Question 1 of 5')
    // focus moved into the dialog, onto its title
    await expect(dialog.getByRole('heading', { level: 2 })).toBeFocused()

    await page.keyboard.press('Tab')
    await expect(dialog.getByRole('radio').first()).toBeFocused()
    await page.keyboard.press('Space')
    await expect(dialog.getByRole('radio').first()).toBeChecked()
    await page.keyboard.press('Tab')
    await expect(dialog.getByRole('button', { name: 'Submit answer' })).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(dialog.getByRole('heading', { name: /^Correct/ })).toBeFocused()
    await expect(dialog).toContainText('E2E-EXPLANATION-SINGLE')

    const cont = dialog.getByRole('button', { name: 'Continue watching' })
    for (let i = 0; i < 20 && !(await cont.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
    await expect(cont).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(questionDialog(page)).toBeHidden()
    // focus is back on the player, which plays on
    await expect(page.getByTestId('play-pause')).toBeFocused()
    await expect.poll(() => videoPaused(page)).toBe(false)
    // and the player's own shortcuts work from there
    await page.keyboard.press('k')
    await expect.poll(() => videoPaused(page)).toBe(true)
  })

  test('the question fits a phone screen', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 667 })
    await signIn(page, freshStudent('phone'), `/lectures/${FIXTURE_LECTURE}`)
    await waitForPlayer(page)
    await seekWithBar(page, 20)
    const dialog = await expectQuestionOpen(page, 3)
    const box = await dialog.boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.width).toBeLessThanOrEqual(375)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await dialog.getByLabel('What does the program print?').fill('x')
    const submit = dialog.getByRole('button', { name: 'Submit answer' })
    await submit.scrollIntoViewIfNeeded()
    await expect(submit).toBeInViewport()
  })
})
