import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client';
import { fieldErrorsOf, fieldNamePath } from './form-errors';

describe('field errors', () => {
  it('maps dotted server paths onto Form.List name paths', () => {
    expect(fieldNamePath('body.managers.2.mobile')).toEqual(['managers', 2, 'mobile']);
    expect(fieldNamePath('newPassword')).toEqual(['newPassword']);
  });

  it('keeps only well-formed details', () => {
    const error = new ApiError('PASSWORD_TOO_WEAK', '密码不符合安全要求', 400, 'r', [
      { field: 'newPassword', message: '密码长度至少 8 位' },
      { nonsense: true },
    ]);
    expect(fieldErrorsOf(error)).toEqual([{ field: 'newPassword', message: '密码长度至少 8 位' }]);
    expect(fieldErrorsOf(new Error('x'))).toEqual([]);
  });

  it('reads the errors of a record refused by its catalogue item', () => {
    const error = new ApiError('RECORD_INVALID', '信息未通过校验', 400, 'r', {
      errors: [{ field: 'fields.decisionDate', label: '处罚决定日期', message: '不能为空' }],
    });
    expect(fieldErrorsOf(error)).toEqual([
      { field: 'fields.decisionDate', label: '处罚决定日期', message: '不能为空' },
    ]);
    expect(fieldNamePath('fields.decisionDate')).toEqual(['fields', 'decisionDate']);
  });
});
