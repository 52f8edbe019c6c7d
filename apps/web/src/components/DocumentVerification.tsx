import { REPORT_DIGEST_PATTERN } from '@gzcredit/contracts/document-numbers';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router';
import { PortalAlert, PortalCard, PortalSkeleton } from './PortalUi';

/** What differs between the documents the portal verifies (信用报告 GZXY…, 信用核查结果 GZHC…). */
export interface VerifiedDocument {
  /** Portal path of the verification page, e.g. `/reports`: the form opens `{path}/{number}?digest=…`. */
  path: string;
  /** 报告编号 / 核查编号 */
  numberLabel: string;
  normalize(value: string): string;
  pattern: RegExp;
  /** The message for a number of the wrong form, e.g. 报告编号格式不正确，应为 GZXY 加 18 位数字和字母. */
  patternMessage: string;
  placeholder: string;
  digestLabel: string;
  /** Where the digest is printed on the document. */
  digestExtra: string;
  formTitle: string;
  submitText: string;
  formClassName?: string;
}

interface VerificationPageProps {
  document: VerifiedDocument;
  title: string;
  intro: ReactNode;
  maxWidth: number;
  /** The number in the address ('' on the bare page: the form alone). */
  number: string;
  digest: string | undefined;
  /** The verification query of the number. */
  verification: { data?: unknown; error: Error | null };
  /** The verdict of an answer. */
  verdict: ReactNode;
  /** 无法验证该报告 / 无法验证该核查结果 */
  errorTitle: string;
}

/**
 * A public verification page (SPEC C20): the verdict of the number and digest in the address (a printed QR code opens
 * it), and the form to type them by hand.
 */
export function DocumentVerificationPage({
  document,
  title,
  intro,
  maxWidth,
  number,
  digest,
  verification,
  verdict,
  errorTitle,
}: VerificationPageProps) {
  let shown: ReactNode = null;
  if (number === '') shown = null;
  else if (verification.data) shown = verdict;
  else if (verification.error)
    shown = <PortalAlert type="error" title={errorTitle} description={verification.error.message} />;
  else shown = <PortalSkeleton rows={4} />;
  return (
    <div className="portal-container" style={{ maxWidth, paddingTop: 24, paddingBottom: 32 }}>
      <h1 style={{ fontSize: 24, marginBottom: 8 }}>{title}</h1>
      <p style={{ color: 'rgba(0, 0, 0, 0.65)', marginBottom: 16 }}>{intro}</p>
      {shown && <div style={{ marginBottom: 24 }}>{shown}</div>}
      {/* Keyed by the address: another number there starts the form afresh with it. */}
      <VerifyForm key={`${number}-${digest ?? ''}`} document={document} number={number} digest={digest} />
    </div>
  );
}

/** What is wrong with each field as typed, in Chinese; none when the form may be sent. */
function formErrors(document: VerifiedDocument, number: string, digest: string) {
  const errors: { number?: string; digest?: string } = {};
  if (number.trim() === '') errors.number = `请输入${document.numberLabel}`;
  else if (!document.pattern.test(document.normalize(number))) errors.number = document.patternMessage;
  const clean = digest.trim().toLowerCase();
  if (clean && !REPORT_DIGEST_PATTERN.test(clean)) errors.digest = 'SM3 摘要应为 64 位十六进制数';
  return errors;
}

/**
 * The number and digest typed by hand, checked as they are sent. Plain markup drawn like Ant Design's vertical form: the
 * verification pages are opened cold from a QR code and load no Ant Design (SPEC §6).
 */
function VerifyForm({ document, number, digest }: { document: VerifiedDocument; number: string; digest?: string }) {
  const navigate = useNavigate();
  const [typed, setTyped] = useState({ number, digest: digest ?? '' });
  const [errors, setErrors] = useState<{ number?: string; digest?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = formErrors(document, typed.number, typed.digest);
    setErrors(found);
    if (found.number || found.digest) return;
    const clean = typed.digest.trim().toLowerCase();
    navigate(`${document.path}/${document.normalize(typed.number)}${clean ? `?digest=${clean}` : ''}`);
  };
  const id = document.path.slice(1);
  const field = (name: 'number' | 'digest') => ({
    id: `${id}-${name}`,
    value: typed[name],
    autoComplete: 'off',
    spellCheck: false,
    'aria-invalid': errors[name] ? true : undefined,
    onChange: (event: { target: { value: string } }) => {
      setTyped((current) => ({ ...current, [name]: event.target.value }));
      setErrors((current) => ({ ...current, [name]: undefined }));
    },
  });
  return (
    <PortalCard title={document.formTitle} className={document.formClassName}>
      <form className="verify-form" noValidate onSubmit={submit}>
        <div className="verify-form-item">
          <label htmlFor={`${id}-number`}>{document.numberLabel}</label>
          <input
            {...field('number')}
            className={errors.number ? 'verify-form-input verify-form-input-error' : 'verify-form-input'}
            placeholder={document.placeholder}
            aria-describedby={errors.number ? `${id}-number-error` : undefined}
          />
          {errors.number && (
            <div id={`${id}-number-error`} role="alert" className="verify-form-error">
              {errors.number}
            </div>
          )}
        </div>
        <div className="verify-form-item">
          <label htmlFor={`${id}-digest`}>{document.digestLabel}</label>
          <textarea
            {...field('digest')}
            rows={2}
            className={errors.digest ? 'verify-form-input verify-form-input-error' : 'verify-form-input'}
            aria-describedby={[errors.digest ? `${id}-digest-error` : '', `${id}-digest-extra`].join(' ').trim()}
          />
          {errors.digest && (
            <div id={`${id}-digest-error`} role="alert" className="verify-form-error">
              {errors.digest}
            </div>
          )}
          <div id={`${id}-digest-extra`} className="verify-form-extra">
            {document.digestExtra}
          </div>
        </div>
        <button type="submit" className="verify-form-submit">
          {document.submitText}
        </button>
      </form>
    </PortalCard>
  );
}
