import { Table } from 'antd';
import type { ManagerDto } from '../api/account-types';

export function ManagersTable({ managers, loading }: { managers: ManagerDto[] | undefined; loading?: boolean }) {
  return (
    <Table<ManagerDto>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={managers}
      pagination={false}
      scroll={{ x: 520 }}
      locale={{ emptyText: '暂无已备案的管理人员' }}
      columns={[
        { title: '姓名', dataIndex: 'name' },
        { title: '职务', dataIndex: 'post' },
        { title: '手机号码', dataIndex: 'mobileMasked' },
        { title: '身份证号码', dataIndex: 'idCardMasked' },
      ]}
    />
  );
}
