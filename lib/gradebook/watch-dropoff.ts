import 'server-only'

import { prisma } from '@/lib/db/prisma'

import { watchDropOff, type Bin } from './distributions'

/** Per lecture number: where students stopped watching (students only), or nothing for a lecture of unknown length. */
export async function lectureDropOffs(): Promise<Map<number, { bins: Bin[]; students: number }>> {
  const [lectures, progress] = await Promise.all([
    prisma.lecture.findMany({ select: { id: true, number: true, durationHint: true } }),
    prisma.watchProgress.findMany({ where: { user: { role: 'STUDENT' } }, select: { lectureId: true, furthestSeconds: true, durationSeconds: true } }),
  ])
  const out = new Map<number, { bins: Bin[]; students: number }>()
  for (const l of lectures) {
    const rows = progress.filter((p) => p.lectureId === l.id)
    // the length the players reported (the longest seen), else the content's hint
    const duration = Math.max(0, ...rows.map((r) => r.durationSeconds ?? 0)) || l.durationHint || 0
    if (rows.length === 0 || duration <= 0) continue
    out.set(l.number, {
      bins: watchDropOff(
        rows.map((r) => r.furthestSeconds),
        duration,
      ),
      students: rows.length,
    })
  }
  return out
}
