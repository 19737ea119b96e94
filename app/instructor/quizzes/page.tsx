import type { Metadata } from 'next'

import { BinsChart } from '@/components/charts/bins-chart'
import { GroupedBarChart } from '@/components/charts/grouped-bar-chart'
import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { quizAnalytics } from '@/lib/gradebook/quiz-analytics'
import { lectureDropOffs } from '@/lib/gradebook/watch-dropoff'
import { renderMarkdown } from '@/lib/markdown'

export const metadata: Metadata = { title: 'Quiz analytics' }
export const dynamic = 'force-dynamic'

export default async function QuizAnalyticsPage() {
  await requirePageUser(STAFF, '/instructor/quizzes')
  const [questions, dropOffs] = await Promise.all([quizAnalytics(), lectureDropOffs()])
  const lectures = [...new Map(questions.map((q) => [q.lectureNumber, q.lectureTitle])).entries()]
  return (
    <>
      <div className="row">
        <h1>Quiz analytics</h1>
        <a className="button secondary" href="/api/instructor/exports/quiz-analytics" download>
          Export CSV
        </a>
      </div>
      <p className="hint">
        Students’ responses only. “First try” is the share of first attempts that were right; “eventually” the share of students who got it right on some
        attempt. A low first-try rate with a common wrong answer usually points at a misconception worth revisiting in class.
      </p>
      {lectures.map(([number, title]) => (
        <section key={number} aria-labelledby={`l-${number}`}>
          <h2 id={`l-${number}`}>
            Lecture {number}: {title}
          </h2>
          {dropOffs.get(number) && (
            <BinsChart
              id={`dropoff-${number}`}
              title={`Lecture ${number}: where ${dropOffs.get(number)!.students} students stopped watching (furthest point reached)`}
              countLabel="Students"
              bins={dropOffs.get(number)!.bins}
            />
          )}
          <GroupedBarChart
            title={`Lecture ${number}: correct answers per question`}
            series={['Correct on first try', 'Eventually correct']}
            groups={questions
              .filter((q) => q.lectureNumber === number)
              .map((q, i) => ({ label: `Q${i + 1}`, values: [q.firstTryCorrectPercent, q.eventuallyCorrectPercent] }))}
            max={100}
            unit="%"
            tableId={`l-${number}-table`}
            testId={`quiz-chart-${number}`}
          />
          <div className="table-scroll">
            <table className="data" id={`l-${number}-table`}>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">Responses</th>
                  <th scope="col">Students</th>
                  <th scope="col">Correct on first try</th>
                  <th scope="col">Eventually correct</th>
                  <th scope="col">Most common wrong answers</th>
                </tr>
              </thead>
              <tbody>
                {questions
                  .filter((q) => q.lectureNumber === number)
                  .map((q) => (
                    <tr key={q.id}>
                      <td>
                        <code>{q.id}</code> <span className="muted">({q.type})</span>
                        {q.retired && <span className="pill"> retired</span>}
                        <div className="hint markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(q.promptMarkdown, { headingLevel: 4 }) }} />
                      </td>
                      <td className="num">{q.responses}</td>
                      <td className="num">{q.students}</td>
                      <td className="num">{q.firstTryCorrectPercent === null ? '—' : `${q.firstTryCorrectPercent}% of ${q.firstTries}`}</td>
                      <td className="num">{q.eventuallyCorrectPercent === null ? '—' : `${q.eventuallyCorrectPercent}%`}</td>
                      <td>
                        {q.commonWrong.length === 0 ? (
                          <span className="muted">none</span>
                        ) : (
                          <ol style={{ margin: 0, paddingLeft: '1.2rem' }}>
                            {q.commonWrong.map((w) => (
                              <li key={w.answer}>
                                <code>{w.answer}</code> × {w.count}
                              </li>
                            ))}
                          </ol>
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      {questions.length === 0 && <p className="notice info">No questions yet: run the content sync.</p>}
    </>
  )
}
