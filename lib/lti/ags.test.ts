import { describe, expect, it } from 'vitest'

import { lineItemResourceId, scoresUrl } from './ags'

describe('scoresUrl', () => {
  it('appends /scores to the path and keeps the query (Moodle and Canvas line item URLs carry one)', () => {
    expect(scoresUrl('https://lms.example/api/lti/courses/3/line_items/7')).toBe('https://lms.example/api/lti/courses/3/line_items/7/scores')
    expect(scoresUrl('https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem?type_id=1')).toBe(
      'https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem/scores?type_id=1',
    )
  })
  it('names resources by kind and slug', () => {
    expect(lineItemResourceId({ kind: 'LECTURE', ref: 'eval-loop' })).toBe('lecture:eval-loop')
  })
})
