import type { FieldErrorDetail } from '@gzcredit/contracts';
import { AppError } from './errors';

/**
 * Deepest nesting of arrays and objects a JSON body may have. The platform's own bodies nest at most 4 levels
 * (records → record → fields → value); V8's JSON.parse on a body nested millions deep blocks the process for seconds
 * and can exhaust the heap (issue 14, item 1).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * U+0000–U+001F except TAB, LF and CR, and U+007F: PostgreSQL cannot store U+0000 in text or jsonb (it answered 500),
 * and no field of the platform has a use for the others (issue 14, item 9).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** In a request target every control character is refused, TAB, LF and CR included. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;
/** A control character in a request target, raw or percent-encoded (no UTF-8 sequence encodes one otherwise). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER_IN_TARGET = /%(?:[01][0-9a-f]|7f)|[\u0000-\u001F\u007F]/i;

export type RefusalReason = 'empty-body' | 'too-deep' | 'malformed-json' | 'forbidden-key' | 'control-character';

/** A body or request target refused before any handler ran; `parsed` is the body as far as it could be read. */
export class RequestRefusalError extends AppError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    details?: unknown,
    readonly parsed?: unknown,
  ) {
    super('VALIDATION_FAILED', message, details);
  }
}

const codePoint = (character: string) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** A name as it can be shown and stored: control characters written as \u escapes. */
export function printable(name: string): string {
  return CONTROL_CHARACTER.test(name) ? JSON.stringify(name).slice(1, -1) : name;
}

/** `part` says where (请求体字段, 查询参数, 请求路径), `field` is the dotted path the web maps onto its form. */
function controlCharacterRefusal(
  part: string,
  field: string,
  character: string,
  parsed?: unknown,
): RequestRefusalError {
  const message = `含有控制字符 ${codePoint(character)}，请删除后重试`;
  const details: FieldErrorDetail[] = [{ field: field || part, message }];
  return new RequestRefusalError(
    'control-character',
    `${field ? `${part} ${field}` : part} ${message}`,
    details,
    parsed,
  );
}

const BODY_PART = '请求体字段';
const joinPath = (path: string, name: string) => (path === '' ? name : `${path}.${name}`);

/** Whether `text` nests arrays and objects deeper than `limit`: one pass over the characters, no recursion. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text.charCodeAt(index);
    if (inString) {
      if (character === 0x5c)
        index++; // the escaped character cannot end the string
      else if (character === 0x22) inString = false;
    } else if (character === 0x22) inString = true;
    else if (character === 0x5b || character === 0x7b) {
      if (++depth > limit) return true;
    } else if (character === 0x5d || character === 0x7d) depth--;
  }
  return false;
}

/**
 * The first string or key holding a control character, or a key that could poison a prototype once the body is
 * merged into another object (the checks of Fastify's own parser), as a dotted path. Recursion is bounded by
 * MAX_JSON_DEPTH, checked before parsing.
 */
function refuseContents(value: unknown, path: string, body: unknown): void {
  if (typeof value === 'string') {
    const found = CONTROL_CHARACTER_IN_TEXT.exec(value);
    if (found) throw controlCharacterRefusal(path ? BODY_PART : '请求体', path, found[0], body);
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++)
      refuseContents(value[index], joinPath(path, String(index)), body);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    const field = joinPath(path, printable(key));
    const found = CONTROL_CHARACTER_IN_TEXT.exec(key);
    if (found) throw controlCharacterRefusal(BODY_PART, field, found[0], body);
    if (key === '__proto__' || (key === 'constructor' && item && typeof item === 'object' && 'prototype' in item))
      throw new RequestRefusalError('forbidden-key', `${BODY_PART} ${field} 的名称不允许使用`, undefined, body);
    refuseContents(item, field, body);
  }
}

/**
 * The one JSON body parser of the server (exchange pushes included, after their signature held): refuses a body
 * nested deeper than MAX_JSON_DEPTH before JSON.parse sees it, then control characters in any string or key.
 * Field paths are dotted, as in validation errors (`records.3.fields.name`).
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new RequestRefusalError('empty-body', '请求体为空，应为 JSON');
  if (nestsDeeperThan(text, MAX_JSON_DEPTH))
    throw new RequestRefusalError('too-deep', `请求体嵌套超过 ${MAX_JSON_DEPTH} 层，无法处理`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new RequestRefusalError('malformed-json', '请求体不是有效的 JSON', { reason: (error as Error).message });
  }
  refuseContents(body, '', body);
  return body;
}

/**
 * Refuses a request target (path and query, as received) holding a control character, naming the query parameter
 * or the path. The common case is one regular-expression test.
 */
export function refuseControlCharactersInTarget(url: string): void {
  if (!CONTROL_CHARACTER_IN_TARGET.test(url)) return;
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const found = CONTROL_CHARACTER_IN_TARGET.exec(path);
  if (found) throw controlCharacterRefusal('请求路径', printable(path.slice(0, 100)), decoded(found[0]));
  for (const [key, value] of new URLSearchParams(url.slice(queryStart + 1))) {
    const character = CONTROL_CHARACTER.exec(key) ?? CONTROL_CHARACTER.exec(value);
    if (character) throw controlCharacterRefusal('查询参数', printable(key), character[0]);
  }
}

/** The character a match of CONTROL_CHARACTER_IN_TARGET stands for. */
const decoded = (match: string) =>
  match.startsWith('%') ? String.fromCharCode(Number.parseInt(match.slice(1), 16)) : match;
