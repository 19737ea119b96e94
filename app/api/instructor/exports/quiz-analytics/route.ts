import { withAuth } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { csvResponse, exportFileName } from '@/lib/gradebook/exports'
import { quizAnalyticsCsv } from '@/lib/gradebook/quiz-analytics'

export const dynamic = 'force-dynamic'

/** Per question: responses, percent correct on the first try, most common wrong answers. */
export const GET = withAuth(async () => csvResponse(await quizAnalyticsCsv(), exportFileName('quiz-analytics')), { roles: STAFF })
