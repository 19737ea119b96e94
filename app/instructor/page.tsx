import { redirect } from 'next/navigation'

import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'

export default async function InstructorHome() {
  await requirePageUser(STAFF, '/instructor/gradebook')
  redirect('/instructor/gradebook')
}
