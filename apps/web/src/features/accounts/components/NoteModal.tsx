import { Input, Modal } from 'antd';
import { useId, useState } from 'react';

interface NoteModalProps {
  title: string;
  open: boolean;
  okText: string;
  /** The label of the note, e.g. 退回意见; the note is required. */
  label: string;
  pending: boolean;
  onCancel: () => void;
  onConfirm: (note: string) => void;
}

/** A refusal that must say why (a returned filing, a rejected reset request): the note starts empty each time. */
export function NoteModal({ title, open, okText, label, pending, onCancel, onConfirm }: NoteModalProps) {
  const [note, setNote] = useState('');
  const id = useId();
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onCancel}
      afterOpenChange={(visible) => visible || setNote('')}
      okText={okText}
      okButtonProps={{ danger: true, disabled: note.trim() === '' }}
      confirmLoading={pending}
      onOk={() => onConfirm(note.trim())}
    >
      <label htmlFor={id}>{label}</label>
      <Input.TextArea id={id} rows={3} maxLength={200} value={note} onChange={(event) => setNote(event.target.value)} />
    </Modal>
  );
}
