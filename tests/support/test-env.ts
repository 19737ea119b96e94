/** The PostgreSQL server the tests use (its maintenance database); each test file gets a database of its own on it. */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'
}

export function databaseUrlFor(name: string): string {
  const u = new URL(testServerUrl())
  u.pathname = `/${name}`
  return u.toString()
}

/** One template per test run (named by the runner's pid), so concurrent runs on one machine do not collide. */
export const TEMPLATE_DATABASE_URL = () => databaseUrlFor(`cpython_course_test_tpl_${process.pid}`)
