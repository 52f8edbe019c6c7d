import { REPORT_DIGEST_PATTERN } from '@gzcredit/contracts/document-numbers';
import { Alert, Button, Card, Form, Input, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';

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
    shown = <Alert type="error" showIcon title={errorTitle} description={verification.error.message} />;
  else shown = <Skeleton active paragraph={{ rows: 4 }} />;
  return (
    <div className="portal-container" style={{ maxWidth, paddingTop: 24, paddingBottom: 32 }}>
      <h1 style={{ fontSize: 24, marginBottom: 8 }}>{title}</h1>
      <p style={{ color: 'rgba(0, 0, 0, 0.65)', marginBottom: 16 }}>{intro}</p>
      {shown && <div style={{ marginBottom: 24 }}>{shown}</div>}
      <VerifyForm document={document} number={number} digest={digest} />
    </div>
  );
}

interface VerifyFormValues {
  number: string;
  digest?: string;
}

function VerifyForm({ document, number, digest }: { document: VerifiedDocument; number: string; digest?: string }) {
  const navigate = useNavigate();
  const submit = ({ number: typed, digest: typedDigest }: VerifyFormValues) => {
    const clean = typedDigest?.trim().toLowerCase();
    navigate(`${document.path}/${document.normalize(typed)}${clean ? `?digest=${clean}` : ''}`);
  };
  return (
    <Card title={document.formTitle} className={document.formClassName}>
      <Form
        layout="vertical"
        initialValues={{ number, digest }}
        onFinish={submit}
        requiredMark={false}
        key={`${number}-${digest ?? ''}`}
      >
        <Form.Item
          name="number"
          label={document.numberLabel}
          rules={[
            { required: true, message: `请输入${document.numberLabel}` },
            {
              validator: async (_rule, value: string | undefined) => {
                if (value && !document.pattern.test(document.normalize(value)))
                  throw new Error(document.patternMessage);
              },
            },
          ]}
        >
          <Input placeholder={document.placeholder} autoComplete="off" spellCheck={false} allowClear />
        </Form.Item>
        <Form.Item
          name="digest"
          label={document.digestLabel}
          extra={document.digestExtra}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const clean = value?.trim().toLowerCase();
                if (clean && !REPORT_DIGEST_PATTERN.test(clean)) throw new Error('SM3 摘要应为 64 位十六进制数');
              },
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 3 }} autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {document.submitText}
        </Button>
      </Form>
    </Card>
  );
}
