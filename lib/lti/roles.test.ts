import { describe, expect, it } from 'vitest'

import { courseRoleFromLti } from './roles'

const M = 'http://purl.imsglobal.org/vocab/lis/v2/membership'
const I = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person'

describe('courseRoleFromLti', () => {
  it('maps context Instructor to INSTRUCTOR, TeachingAssistant to TA and Learner to STUDENT', () => {
    expect(courseRoleFromLti([`${M}#Instructor`])).toBe('INSTRUCTOR')
    expect(courseRoleFromLti([`${M}#Instructor`, `${M}/Instructor#TeachingAssistant`])).toBe('TA')
    expect(courseRoleFromLti([`${M}#Learner`])).toBe('STUDENT')
    expect(courseRoleFromLti(['Instructor'])).toBe('INSTRUCTOR')
  })
  it('does not make an institution-level instructor or administrator an instructor of this course', () => {
    expect(courseRoleFromLti([`${I}#Instructor`, `${M}#Learner`])).toBe('STUDENT')
    expect(courseRoleFromLti([`${I}#Administrator`])).toBe('STUDENT')
    expect(courseRoleFromLti([])).toBe('STUDENT')
  })
})
