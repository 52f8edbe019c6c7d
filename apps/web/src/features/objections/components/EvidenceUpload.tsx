import { Button, Form, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';

/**
 * 证明材料 of an objection or a credit-repair application: files chosen in the browser and sent with the form (never
 * uploaded on their own), at most `max`; the server checks each file's content (modules/objections evidence-form.ts).
 */
export function EvidenceUpload({
  label,
  max,
  files,
  onChange,
}: {
  label: string;
  max: number;
  files: UploadFile[];
  onChange: (files: UploadFile[]) => void;
}) {
  return (
    <Form.Item label={label}>
      <Upload
        fileList={files}
        beforeUpload={() => false}
        onChange={({ fileList }) => onChange(fileList.slice(0, max))}
        multiple
      >
        <Button>选择文件</Button>
      </Upload>
    </Form.Item>
  );
}
