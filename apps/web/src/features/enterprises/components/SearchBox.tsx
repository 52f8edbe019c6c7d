import { SEARCH_MIN_QUERY_LENGTH } from '@gzcredit/contracts/limits';
import { validateCreditCode } from '@gzcredit/domain';
import { useRef, useState } from 'react';
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

  const input = useRef<HTMLInputElement>(null);
  const describedBy = [hint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ');
  // Plain markup drawn like Ant Design's large Input.Search: the home page loads no Ant Design (SPEC §6).
  return (
    <div className="search-box">
      <label htmlFor={id} className={showLabel ? 'search-box-label' : 'visually-hidden'}>
        {SEARCH_BOX_LABEL}
      </label>
      <div className="search-box-field">
        <input
          ref={input}
          id={id}
          type="search"
          className={error ? 'search-box-input search-box-input-error' : 'search-box-input'}
          defaultValue={defaultValue}
          placeholder="请输入企业名称或统一社会信用代码"
          autoComplete="off"
          maxLength={100}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={() => setError(undefined)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.nativeEvent.isComposing) submit(event.currentTarget.value);
          }}
        />
        <button type="button" className="search-box-button" onClick={() => submit(input.current?.value ?? '')}>
          查询
        </button>
      </div>
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
