import { EXCHANGE_AUDIENCE_LABELS, type ExchangeFloorDto } from '@gzcredit/contracts';
import { AGENCY_KIND_LABELS, type AgencyKind, DISHONESTY_LEVEL_LABELS } from '@gzcredit/domain';
import { Alert, App, Button, Card, Flex, Radio, Typography } from 'antd';
import { useState } from 'react';
import { configuredText, ItemSettingsPage, ItemSettingTitle } from '../../../components/ItemSettingsPage';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type ExchangeGrantDto,
  type ExchangeSettingDto,
  useExchangeSettings,
  useUpdateExchangeSetting,
} from '../api/sharing-queries';
import { type AgencyChoice, GrantList } from './GrantList';

/** One audience in words: 所有机关 / 司法机关 / 贵阳市发展和改革委员会 / 地区 5203. */
export function audienceText(grant: ExchangeGrantDto, agencies: readonly AgencyChoice[]): string {
  if (grant.audience === 'all') return EXCHANGE_AUDIENCE_LABELS.all;
  if (grant.audience === 'kind') return AGENCY_KIND_LABELS[grant.value as AgencyKind] ?? grant.value ?? '';
  if (grant.audience === 'agency')
    return agencies.find((agency) => String(agency.id) === grant.value)?.name ?? `机关 ${grant.value}`;
  return `地区 ${grant.value}*`;
}

function FloorSummary({ floor, agencies }: { floor: ExchangeFloorDto; agencies: readonly AgencyChoice[] }) {
  if (floor.rules.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      title="省市场监管局设定的交换底线（读取信息时始终适用，本单位较窄的设定由底线放宽）"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {floor.rules.map((rule, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the floor's rules are shown in their order
            <li key={index}>
              {audienceText(rule, agencies)}可见{rule.itemCode ? `信息项 ${rule.itemCode} ` : '所有信息项'}
              {rule.dishonestyLevel ? `中${DISHONESTY_LEVEL_LABELS[rule.dishonestyLevel]}的` : '的'}
              内部共享和授权查询信息{rule.fields ? '（限定数据项）' : ''}
            </li>
          ))}
        </ul>
      }
    />
  );
}

function ItemExchange({ setting, agencies }: { setting: ExchangeSettingDto; agencies: readonly AgencyChoice[] }) {
  const { message } = App.useApp();
  const update = useUpdateExchangeSetting();
  const [restricted, setRestricted] = useState(setting.sharedRestricted);
  const [shared, setShared] = useState(setting.shared);
  const [authorised, setAuthorised] = useState(setting.authorised);
  const dirty =
    restricted !== setting.sharedRestricted ||
    JSON.stringify(shared) !== JSON.stringify(setting.shared) ||
    JSON.stringify(authorised) !== JSON.stringify(setting.authorised);
  const save = () =>
    update.mutate(
      {
        itemId: setting.itemId,
        body: { sharedRestricted: restricted, shared: restricted ? shared : [], authorised },
      },
      {
        onSuccess: (saved) => {
          setRestricted(saved.sharedRestricted);
          setShared(saved.shared);
          setAuthorised(saved.authorised);
          message.success(`已保存“${saved.itemName}”的交换设定`);
        },
        onError: (error) => message.error(error.message),
      },
    );
  return (
    <Card size="small" title={<ItemSettingTitle name={setting.itemName} category={setting.category} />}>
      <Typography.Paragraph type="secondary">
        {setting.configured
          ? configuredText(setting)
          : '未设定：内部共享信息向所有机关提供全部数据项，授权查询信息不向其他机关提供'}
      </Typography.Paragraph>
      {setting.floorOverrides.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="省局交换底线覆盖了本单位的部分设定"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {setting.floorOverrides.map((sentence) => (
                <li key={sentence}>{sentence}</li>
              ))}
            </ul>
          }
        />
      )}
      <Flex vertical gap={12}>
        <Typography.Text strong>内部共享信息</Typography.Text>
        <Radio.Group
          value={restricted}
          onChange={(event) => setRestricted(event.target.value)}
          aria-label={`${setting.itemName}内部共享范围`}
          options={[
            { value: false, label: '向所有机关提供全部数据项' },
            { value: true, label: '仅向下列对象提供' },
          ]}
        />
        {restricted && (
          <GrantList
            label={`${setting.itemName}内部共享`}
            grants={shared}
            onChange={setShared}
            agencies={agencies}
            fields={setting.fields}
          />
        )}
        <Typography.Text strong>授权查询信息（仅向下列对象提供）</Typography.Text>
        <GrantList
          label={`${setting.itemName}授权查询`}
          grants={authorised}
          onChange={setAuthorised}
          agencies={agencies}
          fields={setting.fields}
        />
        <Flex justify="flex-end">
          <Button type="primary" disabled={!dirty} loading={update.isPending} onClick={save}>
            保存设定
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}

/** /console/exchange-settings — 设定信息交换内容 (Rules Art. 22(四)) for exchange.configure holders. */
export function ExchangeSettingsPage() {
  useDocumentTitle('交换设定');
  const settings = useExchangeSettings();
  return (
    <ItemSettingsPage
      title="交换设定"
      intro="设定本单位传送的“内部共享”和“授权查询”信息向哪些机关提供、各提供哪些数据项：所有机关、某类机关、指定机关或某地区的机关。“公示”信息所有机关可见；“仅本部门”和涉密信息不向其他机关提供。设定适用于共享查询、下载、接口拉取、信用核查和监管预警。"
      query={settings}
      errorTitle="无法读取交换设定"
      header={(data) => <FloorSummary floor={data.floor} agencies={data.agencies} />}
      items={(data) => data.items}
      itemKey={(setting) => setting.itemId}
      renderItem={(setting, data) => <ItemExchange setting={setting} agencies={data.agencies} />}
    />
  );
}
