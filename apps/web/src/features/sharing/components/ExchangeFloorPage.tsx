import { DISHONESTY_LEVEL_LABELS, DISHONESTY_LEVELS } from '@gzcredit/domain';
import { Alert, App, Button, Card, Empty, Flex, Select, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useCurrentCatalogue } from '../../../lib/catalogue';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { type ExchangeFloorRuleDto, useExchangeFloor, useUpdateExchangeFloor } from '../api/sharing-queries';
import { GrantList } from './GrantList';

/** /console/exchange-floor — 交换底线 (Rules Art. 22(四)): what every provider shares at least; the provincial bureau's. */
export function ExchangeFloorPage() {
  useDocumentTitle('交换底线');
  const { message } = App.useApp();
  const floor = useExchangeFloor();
  const catalogue = useCurrentCatalogue();
  const update = useUpdateExchangeFloor();
  const [rules, setRules] = useState<ExchangeFloorRuleDto[]>([]);
  useEffect(() => {
    if (floor.data) setRules(floor.data.rules);
  }, [floor.data]);
  const set = (index: number, change: Partial<ExchangeFloorRuleDto>) =>
    setRules((current) => current.map((rule, at) => (at === index ? { ...rule, ...change } : rule)));
  const save = () =>
    update.mutate(
      { rules },
      {
        onSuccess: () => message.success('已保存交换底线'),
        onError: (error) => message.error(error.message),
      },
    );
  const items = catalogue.data?.items ?? [];
  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        交换底线
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        每条规则：某一信息项（或所有信息项）、某一失信等级（或所有等级）的“内部共享”和“授权查询”信息，向下列对象提供，不论提供单位如何设定。
        例如：所有机关可见全部严重失信信息。“仅本部门”和涉密信息不受底线影响。
      </Typography.Paragraph>
      {floor.error ? (
        <Alert type="error" showIcon title="无法读取交换底线" description={floor.error.message} />
      ) : floor.data ? (
        <Flex vertical gap={12}>
          {floor.data.updatedAt && (
            <Typography.Text type="secondary">
              最近设定：{floor.data.updatedByName ?? '—'}，{formatDateTime(floor.data.updatedAt)}
            </Typography.Text>
          )}
          {rules.length === 0 && <Empty description="未设定交换底线" />}
          {rules.map((rule, index) => {
            const item = items.find((each) => each.code === rule.itemCode);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the rules have no identity but their place in the list
              <Card key={index} size="small" title={`规则 ${index + 1}`}>
                <Flex vertical gap={8}>
                  <Flex gap={8} wrap>
                    <Select
                      allowClear
                      value={rule.itemCode ?? undefined}
                      placeholder="所有信息项"
                      style={{ width: 240 }}
                      aria-label={`规则${index + 1}的信息项`}
                      options={items.map((each) => ({ value: each.code, label: each.name }))}
                      onChange={(itemCode?: string) => set(index, { itemCode: itemCode ?? null, fields: null })}
                    />
                    <Select
                      allowClear
                      value={rule.dishonestyLevel ?? undefined}
                      placeholder="所有等级"
                      style={{ width: 160 }}
                      aria-label={`规则${index + 1}的失信等级`}
                      options={DISHONESTY_LEVELS.map((level) => ({
                        value: level,
                        label: DISHONESTY_LEVEL_LABELS[level],
                      }))}
                      onChange={(level?: ExchangeFloorRuleDto['dishonestyLevel']) =>
                        set(index, { dishonestyLevel: level ?? null })
                      }
                    />
                    <Button
                      onClick={() => setRules((current) => current.filter((_, at) => at !== index))}
                      aria-label={`删除规则${index + 1}`}
                    >
                      删除规则
                    </Button>
                  </Flex>
                  <GrantList
                    label={`规则${index + 1}`}
                    grants={[rule]}
                    single
                    onChange={([grant]) => grant && set(index, grant)}
                    agencies={floor.data.agencies}
                    {...(item ? { fields: item.fields } : {})}
                  />
                </Flex>
              </Card>
            );
          })}
          <Flex justify="space-between">
            <Button
              onClick={() =>
                setRules((current) => [
                  ...current,
                  { audience: 'all', value: null, fields: null, itemCode: null, dishonestyLevel: 'severe' },
                ])
              }
            >
              添加规则
            </Button>
            <Button type="primary" loading={update.isPending} onClick={save}>
              保存交换底线
            </Button>
          </Flex>
        </Flex>
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}
