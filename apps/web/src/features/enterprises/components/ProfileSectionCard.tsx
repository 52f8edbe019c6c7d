import type { EnterpriseProfileDto } from '@gzcredit/contracts';
import { Card, Descriptions, Empty } from 'antd';
import { formatValue } from '../../../lib/format';

type ProfileSection = EnterpriseProfileDto['sections'][number];

export function ProfileSectionCard({ section }: { section: ProfileSection }) {
  return (
    <Card title={section.title} className="profile-card">
      {section.records.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无公示信息" />
      ) : (
        <ol className="profile-records">
          {section.records.map((record, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: records carry no identity and the list never reorders
            <li key={index}>
              <Descriptions
                bordered
                size="small"
                column={1}
                items={Object.entries(record).map(([key, value]) => ({
                  key,
                  label: key,
                  children: formatValue(value),
                }))}
              />
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
