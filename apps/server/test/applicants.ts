import type { ApplicantSessionDto } from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../src/platform/database';
import { consoleCall } from './console';
import type { TestSession } from './factories';

export const APPLICANT_COOKIE = 'gzc_applicant';

/** An applicant's session in tests: its cookie header and CSRF token. */
export interface TestApplicant {
  cookie: string;
  csrfToken: string;
  session: ApplicantSessionDto;
}

export function applicantHeaders(applicant: TestApplicant): Record<string, string> {
  return { cookie: applicant.cookie, 'x-csrf-token': applicant.csrfToken };
}

/**
 * The newest code the development SMS sink holds for an entity, read as the console reads it (GET /sms-sink) by a
 * session of the provincial operator or the security administrator.
 */
export async function readSinkCode(app: FastifyInstance, operator: TestSession, creditCode: string): Promise<string> {
  const response = await consoleCall(app, operator, 'GET', '/sms-sink');
  if (response.statusCode !== 200) throw new Error(`sms sink: ${response.body}`);
  const message = (response.json() as { messages: { creditCode: string; text: string }[] }).messages.find(
    (each) => each.creditCode === creditCode,
  );
  const code = message && /验证码：(\d{6})/.exec(message.text)?.[1];
  if (!code) throw new Error(`no code in the SMS sink for ${creditCode}`);
  return code;
}

/**
 * Proves an applicant of the entity the way the portal does: a code to the registered mobile (the entity needs a
 * registration record with 联系电话), read from the development sink through an operator's console session, then signed
 * in as `name` (李四 unless given).
 */
export async function signInApplicant(
  app: FastifyInstance,
  operator: TestSession,
  creditCode: string,
  name = '李四',
): Promise<TestApplicant> {
  const sent = await app.inject({
    method: 'POST',
    url: '/api/public/applicant/codes',
    payload: { creditCode, role: 'legal_representative', name },
  });
  if (sent.statusCode !== 200) throw new Error(`code for ${creditCode}: ${sent.body}`);
  const code = await readSinkCode(app, operator, creditCode);
  const response = await app.inject({
    method: 'POST',
    url: '/api/public/applicant/session',
    payload: { creditCode, code },
  });
  if (response.statusCode !== 200) throw new Error(`applicant sign-in of ${creditCode}: ${response.body}`);
  const token = response.cookies.find((cookie) => cookie.name === APPLICANT_COOKIE)?.value;
  const session = response.json() as ApplicantSessionDto;
  return { cookie: `${APPLICANT_COOKIE}=${token}`, csrfToken: session.csrfToken, session };
}

/** Ages the entity's codes past the resend wait, so that another code may be sent at once. */
export async function ageApplicantCodes(db: Db, creditCode: string): Promise<void> {
  await sql`UPDATE applicant_codes SET sent_at = sent_at - interval '2 minutes'
    WHERE enterprise_id = (SELECT id FROM enterprises WHERE credit_code = ${creditCode})`.execute(db);
}

/** Another code-verified session for the entity (the resend wait aged away), as `name`: a colleague, or a later visit. */
export async function signInApplicantAgain(
  app: FastifyInstance,
  db: Db,
  operator: TestSession,
  creditCode: string,
  name: string,
): Promise<TestApplicant> {
  await ageApplicantCodes(db, creditCode);
  return signInApplicant(app, operator, creditCode, name);
}
