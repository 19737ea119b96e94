/** The course's CPython: grading or diffing against anything else, or an unverified tarball, is said loudly to staff. */
export const COURSE_CPYTHON_VERSION = '2.7.8'
