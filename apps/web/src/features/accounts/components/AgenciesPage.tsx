import { PlusOutlined } from '@ant-design/icons';
import { AGENCY_KIND_LABELS, AGENCY_LEVEL_LABELS } from '@gzcredit/domain';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useAgencies } from '../api/account-queries';
import type { AgencyDto } from '../api/account-types';
import { AgencyDrawer } from './AgencyDrawer';
import { FILING_STATUS_LABELS } from './account-labels';
import { CreateAgencyModal } from './CreateAgencyModal';

export function AgenciesPage() {
  useDocumentTitle('机构管理');
  const { data: me } = useCurrentAccount();
  const agencies = useAgencies();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number>();
  const isAdmin = me?.permissions.includes('account.admin') ?? false;

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          机构管理
        </Typography.Title>
        {isAdmin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建机构
          </Button>
        )}
      </div>
      {agencies.error && <Alert type="error" showIcon title={agencies.error.message} style={{ marginBottom: 16 }} />}
      <Table<AgencyDto>
        rowKey="id"
        loading={agencies.isPending}
        dataSource={agencies.data?.items}
        scroll={{ x: 760 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: '机构名称',
            dataIndex: 'name',
            render: (name: string, agency) => (
              <Button type="link" onClick={() => setOpenId(agency.id)} style={{ padding: 0 }}>
                {name}
              </Button>
            ),
          },
          { title: '行政区划', dataIndex: 'regionName' },
          { title: '层级', dataIndex: 'level', render: (level: AgencyDto['level']) => AGENCY_LEVEL_LABELS[level] },
          { title: '类别', dataIndex: 'kind', render: (kind: AgencyDto['kind']) => AGENCY_KIND_LABELS[kind] },
          {
            title: '管理人员备案',
            dataIndex: 'managerFilingStatus',
            render: (status: AgencyDto['managerFilingStatus']) => (
              <Tag color={FILING_STATUS_LABELS[status].color}>{FILING_STATUS_LABELS[status].text}</Tag>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, agency) => (
              <Space>
                <Button size="small" onClick={() => setOpenId(agency.id)}>
                  详情
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {me && isAdmin && <CreateAgencyModal open={creating} me={me} onClose={() => setCreating(false)} />}
      <AgencyDrawer agencyId={openId} canRecord={isAdmin} onClose={() => setOpenId(undefined)} />
    </Card>
  );
}
