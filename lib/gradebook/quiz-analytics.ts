import { toCsv, type CsvCell } from '@/lib/csv/csv'
import { prisma } from '@/lib/db/prisma'

export type WrongAnswer = { answer: string; count: number }

export type QuestionAnalytics = {
  id: string
  lectureNumber: number
  lectureTitle: string
  position: number
  type: string
  /** one line of plain text (CSV, summaries): Markdown code marks dropped, line breaks as spaces */
  prompt: string
  /** the prompt as written (Markdown), for pages that render it */
  promptMarkdown: string
  points: number
  retired: boolean
  /** every attempt by every student */
  responses: number
  students: number
  firstTries: number
  /** percent of first attempts that were correct, or null with none */
  firstTryCorrectPercent: number | null
  /** percent of students who answered it correctly on some attempt */
  eventuallyCorrectPercent: number | null
  commonWrong: WrongAnswer[]
}

type Choice = { id: string; text: string }

const oneLine = (s: string, max = 80) => {
  const flat = s.replace(/\r?\n/g, '⏎')
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** Markdown text as one readable line: code marks dropped, runs of whitespace (line breaks included) as one space. */
export function plainLine(s: string, max = 120): string {
  const flat = s.replace(/`+/g, '').replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** A stored answer as a short, comparable string (the same answer written twice gives the same string). */
export function describeAnswer(answer: unknown, choices: Choice[] | null): string {
  const choiceText = (id: string) => {
    const c = choices?.find((x) => x.id === id)
    return c ? `${id}) ${oneLine(c.text, 40)}` : id
  }
  if (typeof answer === 'string' || typeof answer === 'number') return oneLine(String(answer).trim())
  if (answer && typeof answer === 'object') {
    const a = answer as Record<string, unknown>
    if (typeof a.choice === 'string') return choiceText(a.choice)
    if (Array.isArray(a.choices)) return [...a.choices].map(String).sort().join(', ')
    if ('value' in a) return oneLine(String(a.value).trim())
    if (typeof a.text === 'string') return oneLine(a.text.trim())
    if (typeof a.output === 'string') return oneLine(a.output.trimEnd()) || '(empty output)'
  }
  return oneLine(JSON.stringify(answer))
}

type StatsRow = { questionId: string; responses: number; students: number; firstTries: number; firstCorrect: number; eventuallyCorrect: number }
type WrongRow = { questionId: string; answer: unknown; n: number }

/**
 * Per question: how many responses, the share correct on the first try, and the most common wrong answers. Only
 * students' responses count (staff trying a quiz out would skew it). Three queries.
 */
export async function quizAnalytics(options: { topWrong?: number } = {}): Promise<QuestionAnalytics[]> {
  const top = options.topWrong ?? 3
  const [questions, stats, wrong] = await Promise.all([
    prisma.question.findMany({
      orderBy: [{ lecture: { number: 'asc' } }, { position: 'asc' }],
      select: {
        id: true,
        position: true,
        type: true,
        prompt: true,
        points: true,
        choices: true,
        retiredAt: true,
        lecture: { select: { number: true, title: true } },
      },
    }),
    prisma.$queryRaw<StatsRow[]>`
      SELECT r."questionId",
        COUNT(*)::int AS "responses",
        COUNT(DISTINCT r."userId")::int AS "students",
        COUNT(*) FILTER (WHERE r."attempt" = 1)::int AS "firstTries",
        COUNT(*) FILTER (WHERE r."attempt" = 1 AND r."correct")::int AS "firstCorrect",
        COUNT(DISTINCT r."userId") FILTER (WHERE r."correct")::int AS "eventuallyCorrect"
      FROM "QuizResponse" r JOIN "User" u ON u."id" = r."userId" AND u."role" = 'STUDENT'
      GROUP BY 1`,
    prisma.$queryRaw<WrongRow[]>`
      SELECT r."questionId", r."answer", COUNT(*)::int AS "n"
      FROM "QuizResponse" r JOIN "User" u ON u."id" = r."userId" AND u."role" = 'STUDENT'
      WHERE NOT r."correct"
      GROUP BY 1, 2`,
  ])
  const statsBy = new Map(stats.map((s) => [s.questionId, s]))
  const wrongBy = new Map<string, WrongRow[]>()
  for (const w of wrong) (wrongBy.get(w.questionId) ?? wrongBy.set(w.questionId, []).get(w.questionId)!).push(w)
  return questions.map((q) => {
    const s = statsBy.get(q.id)
    const choices = Array.isArray(q.choices) ? (q.choices as Choice[]) : null
    const merged = new Map<string, number>()
    for (const w of wrongBy.get(q.id) ?? []) {
      const key = describeAnswer(w.answer, choices)
      merged.set(key, (merged.get(key) ?? 0) + Number(w.n))
    }
    const commonWrong = [...merged.entries()]
      .map(([answer, count]) => ({ answer, count }))
      .sort((a, b) => b.count - a.count || a.answer.localeCompare(b.answer))
      .slice(0, top)
    const pct = (n: number, d: number) => (d > 0 ? Math.round((1000 * n) / d) / 10 : null)
    return {
      id: q.id,
      lectureNumber: q.lecture.number,
      lectureTitle: q.lecture.title,
      position: q.position,
      type: q.type.toLowerCase(),
      prompt: plainLine(q.prompt, 120),
      promptMarkdown: q.prompt,
      points: q.points,
      retired: q.retiredAt !== null,
      responses: s?.responses ?? 0,
      students: s?.students ?? 0,
      firstTries: s?.firstTries ?? 0,
      firstTryCorrectPercent: pct(s?.firstCorrect ?? 0, s?.firstTries ?? 0),
      eventuallyCorrectPercent: pct(s?.eventuallyCorrect ?? 0, s?.students ?? 0),
      commonWrong,
    }
  })
}

export function quizAnalyticsRows(list: QuestionAnalytics[], topWrong = 3): CsvCell[][] {
  const header = [
    'Lecture',
    'Question',
    'Type',
    'Prompt',
    'Points',
    'Retired',
    'Responses',
    'Students',
    'First tries',
    '% correct on first try',
    '% of students eventually correct',
  ]
  for (let i = 1; i <= topWrong; i++) header.push(`Wrong answer ${i}`, `Wrong answer ${i} count`)
  return [
    header,
    ...list.map((q) => {
      const row: CsvCell[] = [
        q.lectureNumber,
        q.id,
        q.type,
        q.prompt,
        q.points,
        q.retired ? 'yes' : '',
        q.responses,
        q.students,
        q.firstTries,
        q.firstTryCorrectPercent,
        q.eventuallyCorrectPercent,
      ]
      for (let i = 0; i < topWrong; i++) row.push(q.commonWrong[i]?.answer ?? '', q.commonWrong[i]?.count ?? '')
      return row
    }),
  ]
}

export async function quizAnalyticsCsv(): Promise<string> {
  return toCsv(quizAnalyticsRows(await quizAnalytics()), { bom: true })
}
