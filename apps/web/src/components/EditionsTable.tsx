import { Alert, Modal, Table, type TableColumnsType, Typography } from 'antd';
import type { ReactNode } from 'react';

interface Edition {
  id: number;
  status: string;
}

interface EditionsTableProps<E extends Edition> {
  /** The editions query: its list, its error, whether it is still loading. */
  query: { data?: { items: E[] } | undefined; error: Error | null; isPending: boolean };
  selected: number | undefined;
  onSelect(id: number): void;
  columns: TableColumnsType<E>;
  /** The radio's name for screen readers, e.g. 查看2024年版. */
  radioLabel(edition: E): string;
}

/**
 * The editions of a list the provincial bureau maintains (征集目录 Art. 11, 失信惩戒措施 Art. 17): one at a time is picked
 * (by its radio or a click on its row) to show below.
 */
export function EditionsTable<E extends Edition>({
  query,
  selected,
  onSelect,
  columns,
  radioLabel,
}: EditionsTableProps<E>) {
  return (
    <>
      {query.error && <Alert type="error" showIcon title={query.error.message} style={{ marginBottom: 16 }} />}
      <Table<E>
        rowKey="id"
        size="small"
        loading={query.isPending}
        dataSource={query.data?.items}
        pagination={false}
        rowSelection={{
          type: 'radio',
          columnTitle: '查看',
          selectedRowKeys: selected === undefined ? [] : [selected],
          onChange: (keys) => onSelect(Number(keys[0])),
          getCheckboxProps: (edition) => ({ 'aria-label': radioLabel(edition) }),
        }}
        onRow={(edition) => ({ onClick: () => onSelect(edition.id), style: { cursor: 'pointer' } })}
        columns={columns}
      />
    </>
  );
}

/** The edition shown when none is picked: the first of `statuses` (in that order of preference) that has one. */
export function defaultEdition<E extends Edition>(items: readonly E[] | undefined, statuses: readonly E['status'][]) {
  for (const status of statuses) {
    const found = items?.find((edition) => edition.status === status);
    if (found) return found.id;
  }
  return undefined;
}

interface NewDraftModalProps {
  title: string;
  /** What the draft copies and what it does not affect until published. */
  intro: string;
  /** Submits the form inside (its onFinish creates the draft). */
  onSubmit(): void;
  pending: boolean;
  error: Error | null;
  onClose(): void;
  children: ReactNode;
}

/** The dialog that starts a draft edition: its form (the children) and the creation's error. */
export function NewDraftModal({ title, intro, onSubmit, pending, error, onClose, children }: NewDraftModalProps) {
  return (
    <Modal
      open
      title={title}
      okText="新建草稿"
      cancelText="取消"
      confirmLoading={pending}
      onOk={onSubmit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      {children}
    </Modal>
  );
}
