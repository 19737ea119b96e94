import { freshStudent, signIn } from './support/auth'
import { expectQuestionOpen, FIXTURE_LECTURE, questionDialog, videoPaused, videoTime, waitForPlayer } from './support/player'
import { expect, test } from './support/test'

// "Review this part": after a wrong answer, one click goes back to the start of the question's chapter and opens
// the source it cites; the explanation still waits until the question is finished.

test('after a wrong answer, "Review this part" seeks to the chapter start and opens its source', async ({ page, context }) => {
  // question 2 (numeric, two attempts) is at 0:12, in the chapter "Opening" (0:00, Python/ceval.c:1-20)
  await signIn(page, freshStudent('review'), `/lectures/${FIXTURE_LECTURE}?t=0:12`)
  await waitForPlayer(page)
  let dialog = await expectQuestionOpen(page, 2)
  await dialog.getByLabel('Your answer (a number)').fill('7')
  await dialog.getByRole('button', { name: 'Submit answer' }).click()
  await expect(dialog).toContainText('Not quite')
  // one attempt is left: no explanation yet
  await expect(dialog).not.toContainText('E2E-EXPLANATION-NUMERIC')

  const review = dialog.getByRole('button', { name: 'Review this part' })
  await expect(dialog.getByTestId('review-part')).toContainText('the chapter “Opening”')
  const [source] = await Promise.all([context.waitForEvent('page'), review.click()])
  await expect(source).toHaveURL(/\/source\/Python\/ceval\.c\?lines=1-20/)
  await expect(source.getByTestId('source-viewer')).toHaveAttribute('data-highlight', '1-20')
  await source.close()

  await expect(questionDialog(page)).toBeHidden()
  await expect.poll(() => videoTime(page)).toBeLessThan(0.5)
  expect(await videoPaused(page)).toBe(true)
  await expect(page.getByTestId('control-notice')).toContainText('Back at the start of “Opening” (0:00)')
  await expect(page.getByTestId('control-notice')).toContainText('The question comes up again at 0:12')

  // the second wrong answer finishes the question: now the explanation is shown, as before
  await page.getByRole('button', { name: 'Go to 0:12' }).click()
  dialog = await expectQuestionOpen(page, 2)
  await dialog.getByLabel('Your answer (a number)').fill('8')
  await dialog.getByRole('button', { name: 'Submit answer' }).click()
  await expect(dialog).toContainText('E2E-EXPLANATION-NUMERIC')
  await expect(dialog.getByRole('button', { name: 'Review this part' })).toBeVisible()
})
