export type {
  AccountDto,
  AccountListDto,
  AgencyDetailDto,
  AgencyDto,
  CreateAccountBody,
  CreateAgencyBody,
  CreatedAccountDto,
  FilingDto,
  ManagerDto,
  ManagerFilingStatus as FilingStatus,
  ManagerInput,
  ResetRequestDto,
  ResetRequestStatus,
  TotpEnrolmentDto,
} from '@gzcredit/contracts';

import type { AgencyDto } from '@gzcredit/contracts';

/** An agency's latest filing status, 'none' before its first filing. */
export type ManagerFilingStatus = AgencyDto['managerFilingStatus'];
