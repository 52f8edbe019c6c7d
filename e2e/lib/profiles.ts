import type { JourneyContext } from './journey';

/** A record as the public profile shows it, with what the objection and repair journeys read of it. */
export interface ProfileRecord {
  id: number;
  itemName: string;
  agencyName: string;
  underObjection?: boolean;
  repairTerms?: { eligible: boolean; from: string | null; message: string | null };
}

export interface ProfileResponse {
  sections: Array<{ key: string; records: ProfileRecord[] }>;
}

/** The records of a profile's sections, without 更正与修复记录. */
export const shownRecords = (profile: ProfileResponse) =>
  profile.sections.filter((section) => section.key !== 'corrections').flatMap((section) => section.records);

/**
 * The first demo entity with a 不良 record the journey wants (searched among the companies the portal marks dishonest,
 * in the order of the search), with that record.
 */
export async function findDemoRecord(
  api: JourneyContext['api'],
  wanted: (record: ProfileRecord, profile: ProfileResponse) => boolean,
): Promise<{ creditCode: string; name: string; record: ProfileRecord } | undefined> {
  const listed = await api<{ items: Array<{ creditCode: string; name: string }> }>(
    '/api/public/enterprises?q=%E5%85%AC%E5%8F%B8&dishonest=true',
  );
  for (const entity of listed.items) {
    const profile = await api<ProfileResponse>(`/api/public/enterprises/${entity.creditCode}`);
    const record = shownRecords(profile).find((each) => wanted(each, profile));
    if (record) return { ...entity, record };
  }
  return undefined;
}
