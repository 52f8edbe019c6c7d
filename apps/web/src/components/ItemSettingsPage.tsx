import type { RecordCategory } from '@gzcredit/domain';
import { RECORD_CATEGORY_LABELS } from '@gzcredit/domain';
import { Alert, Card, Empty, Flex, Skeleton, Space, Tag, Typography } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { formatDateTime } from '../lib/format';

const CATEGORY_COLORS: Record<RecordCategory, string> = { basic: 'blue', good: 'green', bad: 'red' };

interface ItemSettingsPageProps<Data, Item> {
  title: string;
  intro: ReactNode;
  /** The settings query: its answer, or the error that stops the page. */
  query: { data?: Data | undefined; error: Error | null };
  /** 无法读取公示设定 / 无法读取交换设定 */
  errorTitle: string;
  items(data: Data): readonly Item[];
  itemKey(item: Item): number;
  renderItem(item: Item, data: Data): ReactNode;
  /** What stands above the items once the answer is in (e.g. the bureau's floor). */
  header?(data: Data): ReactNode;
}

/**
 * A page of an agency's settings per catalogue item it provides (公示设定 Art. 22(五), 交换设定 Art. 22(四)): one card per
 * item, an empty state when the current catalogue has none for the agency.
 */
export function ItemSettingsPage<Data, Item>({
  title,
  intro,
  query,
  errorTitle,
  items,
  itemKey,
  renderItem,
  header,
}: ItemSettingsPageProps<Data, Item>) {
  const data = query.data;
  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        {title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      {query.error ? (
        <Alert type="error" showIcon title={errorTitle} description={query.error.message} />
      ) : data ? (
        <>
          {header?.(data)}
          {items(data).length === 0 ? (
            <Empty description="现行征集目录中没有本单位可提供的信息项" />
          ) : (
            <Flex vertical gap={12}>
              {items(data).map((item) => (
                <Fragment key={itemKey(item)}>{renderItem(item, data)}</Fragment>
              ))}
            </Flex>
          )}
        </>
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}

/** An item card's title: its name, its category, and any tags the page adds. */
export function ItemSettingTitle({
  name,
  category,
  children,
}: {
  name: string;
  category: RecordCategory;
  children?: ReactNode;
}) {
  return (
    <Space wrap>
      <span>{name}</span>
      <Tag color={CATEGORY_COLORS[category]}>{RECORD_CATEGORY_LABELS[category]}</Tag>
      {children}
    </Space>
  );
}

/** “本单位已设定（name，time）” for a setting the agency has made. */
export function configuredText(setting: { updatedByName: string | null; updatedAt: string | null }): string {
  return `本单位已设定（${setting.updatedByName ?? '—'}，${formatDateTime(setting.updatedAt)}）`;
}
