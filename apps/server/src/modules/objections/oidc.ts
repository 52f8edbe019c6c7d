import * as client from 'openid-client';
import type { Config } from '../../config';

export type OidcSettings = Pick<
  Config,
  'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_SCOPES' | 'OIDC_CREDIT_CODE_CLAIM'
>;

export interface OidcIdentity {
  subject: string;
  creditCode: string | undefined;
  name: string | undefined;
}

/**
 * The province's unified identity service through openid-client (authorization code flow with PKCE, state and nonce).
 * Discovery runs at the first login and is kept; a failed discovery is tried again at the next login.
 */
export function createOidcClient(settings: OidcSettings) {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: secret } = settings;
  if (!issuer || !clientId || !secret) return undefined;
  const issuerUrl = new URL(issuer);
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(
        issuerUrl,
        clientId,
        undefined,
        // client_secret_basic: the OpenID Connect default, what docs/objections.md asks the operator to register.
        client.ClientSecretBasic(secret),
        // A plain-http issuer is accepted only because the operator configured one (a local test provider).
        issuerUrl.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  const scope = [...new Set(['openid', ...settings.OIDC_SCOPES.split(' ')])].join(' ');
  return {
    async authorizationUrl(input: { redirectUri: string; state: string; nonce: string; codeVerifier: string }) {
      const url = client.buildAuthorizationUrl(await configuration(), {
        redirect_uri: input.redirectUri,
        scope,
        state: input.state,
        nonce: input.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(input.codeVerifier),
        code_challenge_method: 'S256',
      });
      return url.href;
    },
    async identify(input: {
      callbackUrl: URL;
      state: string;
      nonce: string;
      codeVerifier: string;
    }): Promise<OidcIdentity> {
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, input.callbackUrl, {
        pkceCodeVerifier: input.codeVerifier,
        expectedState: input.state,
        expectedNonce: input.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      let values: Record<string, unknown> = claims;
      if (claims[settings.OIDC_CREDIT_CODE_CLAIM] === undefined) {
        values = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)), ...claims };
      }
      const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
      return {
        subject: claims.sub,
        creditCode: text(values[settings.OIDC_CREDIT_CODE_CLAIM])?.toUpperCase(),
        name: text(values.name),
      };
    },
    randomState: client.randomState,
    randomNonce: client.randomNonce,
    randomCodeVerifier: client.randomPKCECodeVerifier,
  };
}
export type OidcClient = NonNullable<ReturnType<typeof createOidcClient>>;
