import { appUrl } from '@/lib/config/env'

import { MESSAGE, SCOPE } from './claims'

export const TOOL_TITLE = 'CPython internals course'
export const ALL_SCOPES = [SCOPE.lineItem, SCOPE.lineItemReadOnly, SCOPE.resultReadOnly, SCOPE.score, SCOPE.memberships]

export function toolUrls() {
  const base = appUrl()
  return { base, login: `${base}/api/lti/login`, launch: `${base}/api/lti/launch`, jwks: `${base}/api/lti/jwks`, domain: new URL(base).host }
}

/** Canvas "Developer Keys → + LTI Key → Paste JSON" configuration. */
export function canvasConfiguration() {
  const u = toolUrls()
  return {
    title: TOOL_TITLE,
    description: 'Lectures with in-video quizzes and autograded CPython patches.',
    oidc_initiation_url: u.login,
    target_link_uri: u.launch,
    public_jwk_url: u.jwks,
    scopes: ALL_SCOPES,
    extensions: [
      {
        domain: u.domain,
        tool_id: 'cpython-course',
        platform: 'canvas.instructure.com',
        privacy_level: 'public',
        settings: {
          text: TOOL_TITLE,
          placements: [
            { placement: 'link_selection', message_type: MESSAGE.deepLinkingRequest, target_link_uri: u.launch },
            { placement: 'assignment_selection', message_type: MESSAGE.deepLinkingRequest, target_link_uri: u.launch },
            { placement: 'course_navigation', message_type: MESSAGE.resourceLink, target_link_uri: u.launch, default: 'enabled' },
          ],
        },
      },
    ],
    custom_fields: {},
  }
}

/** The tool part of an LTI Dynamic Registration request (IMS LTI Dynamic Registration 1.0). */
export function dynamicRegistrationRequest(platformProduct?: string) {
  const u = toolUrls()
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: u.login,
    redirect_uris: [u.launch],
    client_name: TOOL_TITLE,
    jwks_uri: u.jwks,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: ALL_SCOPES.join(' '),
    'https://purl.imsglobal.org/spec/lti-tool-configuration': {
      domain: u.domain,
      target_link_uri: u.launch,
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      messages: [
        {
          type: MESSAGE.deepLinkingRequest,
          target_link_uri: u.launch,
          label: 'Add a lecture or assignment',
          ...(platformProduct === 'canvas' ? { placements: ['link_selection', 'assignment_selection'] } : {}),
        },
        { type: MESSAGE.resourceLink, target_link_uri: u.launch },
      ],
    },
  }
}
