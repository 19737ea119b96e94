import { withAuthAndRead } from '@/lib/auth/guards'
import { AppError } from '@/lib/http/errors'
import { ANSWER_LIMITS, answerRequestSchema } from '@/lib/quiz/answers'
import { readJsonBody } from '@/lib/http/request-body'
import { answerQuestion, type QuestionWithAttempts, questionWithAttemptsSql } from '@/lib/quiz/responses'

export const dynamic = 'force-dynamic'

/**
 * Answer an in-video question: body `{ "answer": … }` (shape per type, lib/quiz/answers.ts). 201 with the
 * verdict; the key and explanation are included only when this answer finishes the question (correct, or the
 * last attempt). 400/413/415/422 for malformed answers, 404 for an unknown question, 409 when no attempt is
 * left; nothing is stored in those cases. The question and the student's attempts are read in the statement that
 * checks the session (one round trip before the insert).
 */
export const POST = withAuthAndRead<{ id: string }, QuestionWithAttempts>(
  (uid, params) => questionWithAttemptsSql(uid, params.id),
  async (req, { user, row }) => {
    const body = await readJsonBody(req, ANSWER_LIMITS.bodyBytes)
    const parsed = answerRequestSchema.safeParse(body)
    if (!parsed.success) throw new AppError(400, 'invalid_answer', 'Send a JSON object of the form { "answer": … }.')
    const outcome = await answerQuestion(row, { userId: user.id, answer: parsed.data.answer })
    return Response.json(outcome, { status: 201, headers: { 'Cache-Control': 'no-store' } })
  },
)
