import { randomBytes } from 'node:crypto'

import { expect, type Page } from '@playwright/test'

export type Who = 'student' | 'instructor' | { email: string; role: 'STUDENT' | 'TA' | 'INSTRUCTOR' }

/** A student nobody else uses, so a test starts with no answers and no saved position. */
export function freshStudent(tag = 'student'): Who {
  return { email: `e2e-${tag}-${randomBytes(4).toString('hex')}@example.edu`, role: 'STUDENT' }
}

/**
 * Sign in through the development sign-in form at /signin (the quick buttons for the two fixed accounts, the
 * email + role form otherwise) and land on `to`.
 */
export async function signIn(page: Page, who: Who, to = '/lectures'): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(to)}`)
  if (who === 'student') await page.getByRole('button', { name: 'Student (student@example.edu)' }).click()
  else if (who === 'instructor') await page.getByRole('button', { name: 'Instructor (instructor@example.edu)' }).click()
  else {
    await page.getByLabel('Email').fill(who.email)
    await page.getByLabel('Role').selectOption(who.role)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  }
  await expect(page).toHaveURL((url) => url.pathname === new URL(to, 'http://x').pathname, { timeout: 20_000 })
}
