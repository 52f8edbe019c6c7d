import { randomBytes } from 'node:crypto';
import type { ApiClientDto, CreateApiClientBody, CreatedApiClientDto } from '@gzcredit/contracts';
import { randomToken, sm4Encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import {
  type ApiClientRow,
  findApiClient,
  insertApiClient,
  listApiClients,
  lockApiClient,
  updateApiClientRevoked,
} from './api-clients.repository';

export interface ApiClientDependencies {
  /** SM4 key under which the signing secrets are stored (the server needs them back to check signatures). */
  dataKey: Buffer;
}

export function toApiClientDto(row: ApiClientRow): ApiClientDto {
  return {
    id: Number(row.id),
    name: row.name,
    keyId: row.keyId,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdByName,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** The keys of the caller's agency; secrets never leave after creation. */
export async function listAgencyApiClients(db: Db, actor: Actor): Promise<ApiClientDto[]> {
  return (await listApiClients(db, actor.agency.id)).map(toApiClientDto);
}

/**
 * A key for one departmental system (Art. 8, 13(一)): a public key id and a random 256-bit secret, answered once and
 * kept SM4-encrypted under the data key.
 */
export async function createApiClient(
  db: Db,
  deps: ApiClientDependencies,
  actor: Actor,
  body: CreateApiClientBody,
): Promise<CreatedApiClientDto> {
  const secret = randomToken(32);
  const id = await insertApiClient(db, {
    agencyId: actor.agency.id,
    name: body.name,
    keyId: `gz_${randomBytes(12).toString('hex')}`,
    secretCipher: sm4Encrypt(deps.dataKey, secret),
    createdBy: actor.accountId,
  });
  return { client: toApiClientDto((await findApiClient(db, id))!), secret };
}

/** Revokes a key of the caller's agency at once; another agency's key does not exist for the caller (404). */
export async function revokeApiClient(db: Db, actor: Actor, id: number): Promise<ApiClientDto> {
  const locked = await lockApiClient(db, id);
  if (!locked || Number(locked.agencyId) !== actor.agency.id) throw new AppError('API_CLIENT_NOT_FOUND');
  await updateApiClientRevoked(db, id, actor.accountId);
  return toApiClientDto((await findApiClient(db, id))!);
}
