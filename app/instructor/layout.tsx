import type { ReactNode } from 'react'

import { BaselineBanner } from '@/components/gradebook/baseline-banner'
import { InstructorNav } from '@/components/gradebook/instructor-nav'
import { isStaff } from '@/lib/auth/roles'
import { currentUser } from '@/lib/auth/session'
import { baselineStatus } from '@/lib/gradebook/baseline'
import { sharedRedis } from '@/lib/queue/redis'

export const dynamic = 'force-dynamic'

/**
 * Every instructor page checks the role itself (requirePageUser); this layout only adds, for staff, the section's
 * navigation and the loud CPython-baseline warning. Nothing here is shown to anyone else.
 */
export default async function InstructorLayout({ children }: { children: ReactNode }) {
  const user = await currentUser()
  if (!user || !isStaff(user.role)) return <>{children}</>
  const baseline = await baselineStatus(sharedRedis()).catch((e: Error) => ({ problems: [`Could not check the grading baseline: ${e.message}`] }))
  return (
    <>
      <InstructorNav />
      <BaselineBanner problems={baseline.problems} />
      {children}
    </>
  )
}
