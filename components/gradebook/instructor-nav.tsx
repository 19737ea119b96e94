import { NavLinks } from '@/components/nav-links'

const ITEMS = [
  { href: '/instructor/gradebook', label: 'Gradebook' },
  { href: '/instructor/assignments', label: 'Assignments' },
  { href: '/instructor/quizzes', label: 'Quiz analytics' },
  { href: '/instructor/similarity', label: 'Similarity' },
  { href: '/instructor/students', label: 'Students and roster' },
  { href: '/instructor/content', label: 'Content status' },
  { href: '/instructor/operations', label: 'Operations' },
  { href: '/instructor/lti', label: 'LMS (LTI)' },
]

export function InstructorNav() {
  return (
    <nav aria-label="Instructor" style={{ marginBottom: '0.75rem' }}>
      <NavLinks items={ITEMS} />
    </nav>
  )
}
