import { UploadOutlined } from '@ant-design/icons';
import type { FileDto } from '@gzcredit/contracts';
import { Alert, Button, Upload, type UploadFile } from 'antd';
import { useRef, useState } from 'react';
import { ApiError, apiUpload } from '../lib/api-client';
import { formatFileSize } from '../lib/format';

export type UploadPurpose = 'attachment' | 'image' | 'screenshot';

interface FileUploadFieldProps {
  purpose: UploadPurpose;
  value?: FileDto[];
  onChange?: (files: FileDto[]) => void;
  /** What the button says, e.g. 上传附件. */
  buttonText: string;
  accept?: string;
  hint?: string;
  maxCount?: number;
  id?: string;
}

/**
 * Uploads files one by one to POST /api/console/files?purpose=… (with the CSRF header, through the API client) and
 * holds the stored files as the form value. The server checks type and size by content; its Chinese refusal
 * (FILE_REJECTED, PAYLOAD_TOO_LARGE) is shown as it is.
 */
export function FileUploadField({
  purpose,
  value = [],
  onChange,
  buttonText,
  accept,
  hint,
  maxCount = 20,
  id,
}: FileUploadFieldProps) {
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  const [rejection, setRejection] = useState<string>();
  // Several files may finish uploading one after another: each adds to the latest value, not the one it started with.
  const latest = useRef(value);
  latest.current = value;

  const fileList: UploadFile[] = [
    ...value.map(
      (file): UploadFile => ({
        uid: String(file.id),
        name: `${file.name}（${formatFileSize(file.size)}）`,
        status: 'done',
        url: file.url,
      }),
    ),
    ...uploading,
  ];

  return (
    <div>
      <Upload
        fileList={fileList}
        accept={accept}
        multiple
        customRequest={async ({ file, onSuccess, onError }) => {
          const upload = file as File & { uid: string };
          setRejection(undefined);
          setUploading((current) => [...current, { uid: upload.uid, name: upload.name, status: 'uploading' }]);
          try {
            const stored = await apiUpload<FileDto>('/api/console/files', upload, { purpose });
            setUploading((current) => current.filter((item) => item.uid !== upload.uid));
            latest.current = [...latest.current, stored];
            onChange?.(latest.current);
            onSuccess?.(stored);
          } catch (error) {
            const text = error instanceof ApiError ? error.message : `文件“${upload.name}”上传失败，请稍后重试`;
            setUploading((current) => current.filter((item) => item.uid !== upload.uid));
            setRejection(text);
            onError?.(error instanceof Error ? error : new Error(text));
          }
        }}
        onRemove={(removed) => {
          onChange?.(value.filter((file) => String(file.id) !== removed.uid));
          return true;
        }}
      >
        <Button id={id} icon={<UploadOutlined />} disabled={value.length >= maxCount}>
          {buttonText}
        </Button>
      </Upload>
      {hint && <div className="ant-form-item-extra">{hint}</div>}
      {rejection && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={rejection}
          closable={{ onClose: () => setRejection(undefined) }}
          style={{ marginTop: 8 }}
        />
      )}
    </div>
  );
}
