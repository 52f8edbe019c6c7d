import { describe, expect, it } from 'vitest';
import {
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  RECORD_CATEGORIES,
  RECORD_CATEGORY_LABELS,
  USE_SCOPE_LABELS,
  USE_SCOPES,
} from './levels';

describe('levels', () => {
  it('labels the three record categories', () => {
    expect(RECORD_CATEGORIES.map((category) => RECORD_CATEGORY_LABELS[category])).toEqual(['基础', '良好', '不良']);
  });

  it('labels the three dishonesty levels from least to most severe', () => {
    expect(DISHONESTY_LEVELS.map((level) => DISHONESTY_LEVEL_LABELS[level])).toEqual([
      '一般失信',
      '较重失信',
      '严重失信',
    ]);
  });

  it('labels the four use scopes from widest to narrowest', () => {
    expect(USE_SCOPES.map((scope) => USE_SCOPE_LABELS[scope])).toEqual(['公示', '内部共享', '授权查询', '仅本部门']);
  });
});
