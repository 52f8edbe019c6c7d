import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { penaltyItem, recordFixture } from '../../../testing/catalogue-fixtures';
import { compareVersions } from './record-display';
import { VersionComparison } from './VersionComparison';

const fields = penaltyItem().fields;
const before = recordFixture({ id: 101, version: 1, status: 'corrected' });
const { fineAmount: _cleared, ...kept } = before.payload;
const after = recordFixture({
  id: 102,
  version: 2,
  reason: '文号录入错误',
  dishonestyLevel: 'serious',
  payload: { ...kept, decisionNumber: '筑市监罚〔2026〕21号' },
});

describe('version comparison', () => {
  it('marks exactly the values a correction changed, including a cleared one', () => {
    const rows = compareVersions(before, after, fields);
    expect(rows.filter((row) => row.changed).map((row) => row.label)).toEqual([
      '失信等级',
      '行政处罚决定书文号',
      '罚款金额（万元）',
    ]);
    expect(rows.find((row) => row.key === 'fields.fineAmount')).toMatchObject({ before: '1.5', after: '' });
    expect(rows.find((row) => row.key === 'dishonestyLevel')).toMatchObject({ before: '一般失信', after: '较重失信' });
    expect(rows.find((row) => row.key === 'fields.violationFacts')?.changed).toBe(false);
  });

  it('shows before and after side by side with the changed rows highlighted', () => {
    render(<VersionComparison before={before} after={after} fields={fields} />);

    expect(screen.getByText('第 1 版 → 第 2 版：3 项更正')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: '更正前（第 1 版）' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: '更正后（第 2 版）' })).toBeTruthy();

    const numberRow = screen.getByText('行政处罚决定书文号').closest('tr')!;
    expect(numberRow.classList.contains('record-diff-changed')).toBe(true);
    expect(within(numberRow).getByText('已更正')).toBeTruthy();
    expect(within(numberRow).getByText('筑市监罚〔2026〕12号').tagName).toBe('DEL');
    expect(within(numberRow).getByText('筑市监罚〔2026〕21号').tagName).toBe('INS');

    const factsRow = screen.getByText('违法事实').closest('tr')!;
    expect(factsRow.classList.contains('record-diff-changed')).toBe(false);
    expect(within(factsRow).queryByText('已更正')).toBeNull();
    expect(within(factsRow).getAllByText('未按规定公示年度报告')).toHaveLength(2);
  });
});
