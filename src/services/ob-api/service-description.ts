/**
 * The Service Description Document (OB 3.0 §"Service Discovery"): a profiled OpenAPI 3.0 document that
 * tells a client where to register, authorize and get tokens, which scopes exist, and where the
 * installation's terms and privacy policy are. Served unprotected at /ims/ob/v3p0/discovery.
 */
import { ALL_OB_SCOPES, OB_SCOPES } from '../../core/ob-api/scopes.js';

export const OB_API_BASE = '/ims/ob/v3p0';

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  [OB_SCOPES.credentialRead]: 'Permission to read AchievementCredentials for the authenticated entity.',
  [OB_SCOPES.credentialUpsert]:
    'Permission to create or update AchievementCredentials for the authenticated entity.',
  [OB_SCOPES.profileRead]: 'Permission to read the profile for the authenticated entity.',
  [OB_SCOPES.profileUpdate]: 'Permission to update the profile for the authenticated entity.',
};

function operation(operationId: string, scope: string, summary: string) {
  return {
    operationId,
    summary,
    security: [{ OAuth2ACG: [scope] }],
    responses: { default: { description: 'See the Open Badges 3.0 specification' } },
  };
}

export function serviceDescription(publicUrl: string) {
  const base = `${publicUrl}${OB_API_BASE}`;
  return {
    openapi: '3.0.1',
    info: {
      title: 'Cairn',
      description: 'The Open Badges 3.0 API of this Cairn installation: a learner wallet host.',
      version: '3.0',
      termsOfService: `${publicUrl}/docs/ob-api#terms`,
      'x-imssf-privacyPolicyUrl': `${publicUrl}/docs/ob-api#privacy`,
    },
    servers: [{ url: base }],
    tags: [{ name: 'OpenBadgeCredentials' }, { name: 'Discovery' }],
    paths: {
      '/credentials': {
        get: operation('getCredentials', OB_SCOPES.credentialRead, "The learner's credentials, paged"),
        post: operation('upsertCredential', OB_SCOPES.credentialUpsert, 'Add or replace a credential'),
      },
      '/profile': {
        get: operation('getProfile', OB_SCOPES.profileRead, "The learner's profile"),
        put: operation('putProfile', OB_SCOPES.profileUpdate, "Replace the learner's profile"),
      },
      '/discovery': {
        get: {
          operationId: 'getServiceDescription',
          summary: 'This document',
          responses: { default: { description: 'The Service Description Document' } },
        },
      },
    },
    components: {
      securitySchemes: {
        OAuth2ACG: {
          type: 'oauth2',
          description: 'OAuth 2.0 Authorization Code Grant with PKCE (S256) and dynamic client registration',
          'x-imssf-registrationUrl': `${base}/auth/register`,
          flows: {
            authorizationCode: {
              authorizationUrl: `${base}/auth/authorize`,
              tokenUrl: `${base}/auth/token`,
              refreshUrl: `${base}/auth/token`,
              scopes: Object.fromEntries(ALL_OB_SCOPES.map((scope) => [scope, SCOPE_DESCRIPTIONS[scope]])),
            },
          },
        },
      },
    },
  };
}
