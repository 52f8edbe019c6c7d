import type { ExchangeCatalogueDto, FieldDictionaryEntryDto } from '@gzcredit/contracts';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/database';
import { describeFieldDictionary } from '../catalogue';

type JsonSchema = Record<string, unknown>;
interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { description?: string; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

const PUSH_PATH = '/api/exchange/v1/records';

/** The JSON Schema of one field's value as the push takes it (record-validation.ts checks the same, in Chinese). */
function fieldSchema(field: FieldDictionaryEntryDto): JsonSchema {
  const value: JsonSchema =
    field.type === 'amount'
      ? { type: 'number', minimum: 0 }
      : field.type === 'integer'
        ? { type: 'integer', minimum: 0 }
        : field.type === 'date'
          ? { type: 'string', format: 'date' }
          : field.type === 'enum'
            ? { type: 'string', enum: field.values ?? [] }
            : {
                type: 'string',
                maxLength: field.maxLength,
                // The catalogue's patterns match the whole value (record-validation.ts anchors them).
                ...(field.pattern ? { pattern: `^(?:${field.pattern})$` } : {}),
              };
  const unit = field.unit ? `单位：${field.unit}` : '';
  const description = [
    field.label,
    field.type === 'text' || field.type === 'long_text' ? field.typeLabel : `${field.typeLabel}：${field.format}`,
    unit,
    field.patternHint ?? '',
    field.note === unit ? '' : (field.note ?? ''),
  ]
    .filter(Boolean)
    .join('；');
  // An optional field may be left out or sent as null.
  const nullable = field.required
    ? value
    : {
        ...value,
        type: [value.type, 'null'],
        ...(value.enum ? { enum: [...(value.enum as string[]), null] } : {}),
      };
  return { ...nullable, description, ...(field.unit ? { 'x-unit': field.unit } : {}) };
}

/**
 * The catalogue's field dictionary in the OpenAPI document (issue 17 item 5): per item a schema of its fields
 * (`CatalogueFields.<code>`: keys, types, units, dictionary values) and a record schema (`RecordInput.<code>`); the push's
 * records become one of them, told apart by itemCode, so a generated client types each item's fields.
 */
export function withFieldDictionary(document: OpenApiDocument, catalogue: ExchangeCatalogueDto): OpenApiDocument {
  const push = document.paths[PUSH_PATH]?.post;
  const body = push?.requestBody?.content['application/json']?.schema as
    | { properties: { records: { items: JsonSchema } } }
    | undefined;
  if (!push || !body) return document;
  const generic = body.properties.records.items as JsonSchema & { properties: Record<string, JsonSchema> };
  const schemas: Record<string, JsonSchema> = { ...document.components?.schemas };
  const mapping: Record<string, string> = {};
  for (const item of catalogue.items) {
    const fields = `CatalogueFields.${item.code}`;
    const record = `RecordInput.${item.code}`;
    schemas[fields] = {
      type: 'object',
      title: `${item.name}的数据项`,
      description: `征集目录（${catalogue.edition.name}）“${item.name}”（${item.code}）的数据项字典`,
      properties: Object.fromEntries(item.fields.map((field) => [field.key, fieldSchema(field)])),
      required: item.fields.filter((field) => field.required).map((field) => field.key),
    };
    schemas[record] = {
      ...generic,
      title: item.name,
      properties: {
        ...generic.properties,
        itemCode: { type: 'string', const: item.code, description: `信息项代码：${item.name}` },
        fields: { $ref: `#/components/schemas/${fields}` },
      },
    };
    mapping[item.code] = `#/components/schemas/${record}`;
  }
  body.properties.records.items = {
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'itemCode', mapping },
  };
  push.description = `${push.description ?? ''}\n\n各信息项的数据项（键、类型、单位、字典值）见 RecordInput.<信息项代码> 与 CatalogueFields.<信息项代码>（征集目录：${catalogue.edition.name}），GET /api/exchange/v1/catalogue 以 JSON 提供同一字典。`;
  return { ...document, components: { ...document.components, schemas } };
}

/**
 * @fastify/swagger-ui's options that put the current catalogue's dictionary into /api/docs/json and /yaml at every
 * read: the catalogue changes when an edition is published, the rest of the document only with the code.
 */
export function exchangeDocumentation(db: Db) {
  const dictionaries = new WeakMap<FastifyRequest, ExchangeCatalogueDto>();
  return {
    uiHooks: {
      preHandler: async (request: FastifyRequest) => {
        if (/\/(json|yaml)$/.test(request.routeOptions.url ?? ''))
          dictionaries.set(request, await describeFieldDictionary(db));
      },
    },
    transformSpecification: (document: Readonly<Record<string, unknown>>, request: FastifyRequest) => {
      const dictionary = dictionaries.get(request);
      return dictionary ? withFieldDictionary(document as unknown as OpenApiDocument, dictionary) : document;
    },
  };
}
