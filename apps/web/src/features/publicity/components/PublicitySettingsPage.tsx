import { Alert, App, Button, Card, Checkbox, Flex, Input, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { configuredText, ItemSettingsPage, ItemSettingTitle } from '../../../components/ItemSettingsPage';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { type PublicitySettingDto, usePublicitySettings, useUpdatePublicitySetting } from '../api/publicity-queries';

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key) => b.includes(key));
}

/** One item: 公示 / 不公示, the fields kept back, and who set it when. */
function ItemSetting({ setting }: { setting: PublicitySettingDto }) {
  const { message } = App.useApp();
  const update = useUpdatePublicitySetting();
  const [publicised, setPublicised] = useState(setting.publicised);
  const [hidden, setHidden] = useState<string[]>(setting.hiddenFields);
  const [ground, setGround] = useState(setting.withholdingGround ?? '');
  // Art. 15, 22(五): an item the law requires to be public is switched off only on a legal ground.
  const needsGround = setting.mandatoryPublicity && !publicised;
  const dirty =
    publicised !== setting.publicised ||
    !sameKeys(hidden, setting.hiddenFields) ||
    (needsGround && ground.trim() !== (setting.withholdingGround ?? ''));

  const save = () =>
    update.mutate(
      {
        itemId: setting.itemId,
        body: { publicised, hiddenFields: hidden, ...(needsGround ? { withholdingGround: ground.trim() } : {}) },
      },
      {
        onSuccess: (saved) => {
          setPublicised(saved.publicised);
          setHidden(saved.hiddenFields);
          setGround(saved.withholdingGround ?? '');
          message.success(`已保存“${saved.itemName}”的公示设定`);
        },
        onError: (error) => message.error(error.message),
      },
    );

  const options = setting.fields.map((field) =>
    field.publicisable
      ? { value: field.key, label: field.label }
      : { value: field.key, label: `${field.label}（不公示）`, disabled: true },
  );
  const publicisable = new Set(setting.fields.filter((field) => field.publicisable).map((field) => field.key));
  const checked = [...hidden, ...setting.fields.filter((field) => !field.publicisable).map((field) => field.key)];

  return (
    <Card
      size="small"
      title={
        <ItemSettingTitle name={setting.itemName} category={setting.category}>
          {setting.mandatoryPublicity && <Tag color="purple">依法公示</Tag>}
        </ItemSettingTitle>
      }
      extra={
        <Switch
          checked={publicised}
          disabled={!setting.configurable}
          checkedChildren="公示"
          unCheckedChildren="不公示"
          onChange={setPublicised}
          aria-label={`公示${setting.itemName}`}
        />
      }
    >
      <Typography.Paragraph type="secondary">
        {!setting.configurable
          ? '登记注册信息作为市场主体基本信息依法公示（《企业信息公示暂行条例》第六条），不能设定；身份证号码始终不公示。'
          : setting.configured
            ? configuredText(setting)
            : '按征集目录默认公示目录允许的全部数据项'}
      </Typography.Paragraph>
      <Flex vertical gap={12}>
        <Typography.Text>勾选不公示的数据项：</Typography.Text>
        <Checkbox.Group
          options={options}
          value={checked}
          disabled={!publicised || !setting.configurable}
          aria-label={`${setting.itemName}不公示的数据项`}
          onChange={(values) => setHidden(values.filter((key) => publicisable.has(key)))}
        />
        {!publicised && (
          <Alert
            type="warning"
            showIcon
            title="不公示：本单位传送的该信息项不在门户网站和信用报告中显示，也不计入企业的失信、守信标识。"
          />
        )}
        {needsGround && (
          <Flex vertical gap={4}>
            <Typography.Text>不公示的法定依据（必填，省市场监管局审核，可被纠正）：</Typography.Text>
            <Input
              value={ground}
              maxLength={200}
              onChange={(event) => setGround(event.target.value)}
              placeholder="国家秘密、商业秘密、个人隐私，或法律法规名称及条款，如《中华人民共和国保守国家秘密法》第十三条"
              aria-label={`${setting.itemName}不公示的法定依据`}
              status={update.error && !ground.trim() ? 'error' : undefined}
            />
          </Flex>
        )}
        {setting.configurable && (
          <Flex justify="flex-end">
            <Button
              type="primary"
              disabled={!dirty || (needsGround && !ground.trim())}
              loading={update.isPending}
              onClick={save}
            >
              保存设定
            </Button>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

/** /console/publicity — 设定公示内容 (Rules Art. 22(五)) for publicity.configure holders, within what the catalogue allows. */
export function PublicitySettingsPage() {
  useDocumentTitle('公示设定');
  const settings = usePublicitySettings();
  return (
    <ItemSettingsPage
      title="公示设定"
      intro="设定本单位传送的各信息项是否向社会公示、以及哪些数据项不公示。设定只能在征集目录允许的范围内收窄：身份证号码始终不公示，手机号码公示时脱敏；使用范围不是“公示”、已撤销或公示期届满的信息在任何设定下都不公示。"
      query={settings}
      errorTitle="无法读取公示设定"
      items={(data) => data.items}
      itemKey={(setting) => setting.itemId}
      renderItem={(setting) => <ItemSetting setting={setting} />}
    />
  );
}
