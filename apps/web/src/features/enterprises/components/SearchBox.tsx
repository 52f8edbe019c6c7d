import { SEARCH_MIN_QUERY_LENGTH } from '@gzcredit/contracts/limits';
import { validateCreditCode } from '@gzcredit/domain';
import { Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';

export const SEARCH_BOX_LABEL = '企业名称或统一社会信用代码';
export const QUERY_TOO_SHORT_MESSAGE = `请输入至少 ${SEARCH_MIN_QUERY_LENGTH} 个字的企业名称，或 18 位统一社会信用代码`;

interface SearchBoxProps {
  id: string;
  defaultValue?: string;
  /** Show the label above the box; otherwise it is read to screen readers only. */
  showLabel?: boolean;
  hint?: string;
  /** Called with a name fragment (or a code that is not a valid credit code) to list matching entities. */
  onSearch: (query: string) => void;
}

/**
 * A valid 18-character credit code opens its enterprise page directly; anything shorter than the minimum is refused
 * here so the API is not asked a question it will reject.
 */
export function SearchBox({ id, defaultValue, showLabel = false, hint, onSearch }: SearchBoxProps) {
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  function submit(value: string) {
    const query = value.trim();
    if (query.length < SEARCH_MIN_QUERY_LENGTH) {
      setError(QUERY_TOO_SHORT_MESSAGE);
      return;
    }
    setError(undefined);
    const creditCode = query.length === 18 ? validateCreditCode(query) : undefined;
    if (creditCode?.valid) {
      navigate(`/enterprises/${creditCode.code}`);
      return;
    }
    onSearch(query);
  }

  const describedBy = [hint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ');
  return (
    <div className="search-box">
      <label htmlFor={id} className={showLabel ? 'search-box-label' : 'visually-hidden'}>
        {SEARCH_BOX_LABEL}
      </label>
      <Input.Search
        id={id}
        defaultValue={defaultValue}
        size="large"
        placeholder="请输入企业名称或统一社会信用代码"
        enterButton="查询"
        allowClear
        maxLength={100}
        status={error ? 'error' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={() => setError(undefined)}
        onSearch={(value, _event, info) => {
          if (info?.source !== 'clear') submit(value);
        }}
      />
      {error && (
        <div id={errorId} role="alert" className="search-box-error">
          {error}
        </div>
      )}
      {hint && (
        <div id={hintId} className="search-box-hint">
          {hint}
        </div>
      )}
    </div>
  );
}
