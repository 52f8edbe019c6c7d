import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, Row } from 'antd';

const MOBILE = /^1[3-9]\d{9}$/;
const ID_CARD = /^\d{17}[\dXx]$/;

/** Form.List of the managers of an agency's filing (Rules Art. 20): name, post, mobile, identity card. */
export function ManagerListFields() {
  return (
    <Form.List
      name="managers"
      rules={[
        {
          validator: async (_, managers: unknown[] | undefined) => {
            if (!managers || managers.length === 0) throw new Error('至少填写一名管理人员');
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field, index) => (
            <Card
              key={field.key}
              size="small"
              title={`管理人员 ${index + 1}`}
              style={{ marginBottom: 12 }}
              extra={
                <Button
                  type="text"
                  danger
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(field.name)}
                  aria-label={`删除管理人员 ${index + 1}`}
                >
                  删除
                </Button>
              }
            >
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item
                    label="姓名"
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
                  >
                    <Input maxLength={50} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    label="职务"
                    name={[field.name, 'post']}
                    rules={[{ required: true, whitespace: true, message: '请输入职务' }]}
                  >
                    <Input maxLength={50} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    label="手机号码"
                    name={[field.name, 'mobile']}
                    rules={[
                      { required: true, message: '请输入手机号码' },
                      { pattern: MOBILE, message: '手机号码应为 11 位数字，以 13–19 开头' },
                    ]}
                  >
                    <Input inputMode="tel" maxLength={11} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    label="身份证号码"
                    name={[field.name, 'idCardNumber']}
                    rules={[
                      { required: true, message: '请输入身份证号码' },
                      { pattern: ID_CARD, message: '身份证号码为 18 位' },
                    ]}
                  >
                    <Input maxLength={18} autoComplete="off" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          ))}
          <Form.Item>
            <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />} block>
              添加管理人员
            </Button>
            <Form.ErrorList errors={errors} />
          </Form.Item>
        </>
      )}
    </Form.List>
  );
}
