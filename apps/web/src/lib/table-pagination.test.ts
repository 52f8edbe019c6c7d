import { describe, expect, it, vi } from 'vitest';
import { tablePagination } from './table-pagination';

describe('tablePagination', () => {
  it('shows the total in Chinese with thousands separators, in the unit asked', () => {
    const counted = tablePagination({ page: 3, pageSize: 20, total: 12_345, onChange: () => {} });
    expect(counted.showTotal?.(12_345, [41, 60])).toBe('共 12,345 条');
    const accounts = tablePagination({ page: 1, pageSize: 20, total: 1_204, onChange: () => {}, unit: '个账户' });
    expect(accounts.showTotal?.(1_204, [1, 20])).toBe('共 1,204 个账户');
  });

  it('keeps the page size fixed and hands the chosen page alone to onChange', () => {
    const onChange = vi.fn();
    const pagination = tablePagination({ page: 3, pageSize: 50, total: undefined, onChange });
    expect(pagination).toMatchObject({ current: 3, pageSize: 50, total: undefined, showSizeChanger: false });
    pagination.onChange?.(4, 50);
    expect(onChange).toHaveBeenCalledWith(4);
  });
});
