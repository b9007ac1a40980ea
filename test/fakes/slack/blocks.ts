/**
 * The message checks the fake Slack Web API applies to chat.postMessage, chat.update and
 * chat.postEphemeral, written independently of src/formatter so a formatter bug cannot hide
 * itself. Numbers: the team notes' chat-platforms.md §1 (Slack) and @slack/types JSDoc.
 * Errors mirror Slack's shape: `invalid_blocks` with `errors: ['… [json-pointer:/blocks/0/text/text]']`.
 */

export const FAKE_SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  textObject: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  imageUrl: 3000,
  altText: 2000,
  markdownText: 12_000,
  /** Top-level `text`; Slack documents truncation above it, the fake rejects with msg_too_long. */
  messageText: 40_000,
  /**
   * Sum of every `text` string inside `blocks`. Undocumented; Slack answers `msg_blocks_too_long`
   * at about 13.2k characters (bolt-js #2509), so the fake uses 13,200 unless told otherwise.
   */
  blockTextTotal: 13_200,
} as const;

export interface Rejection {
  readonly error: string;
  /** Slack-style detail: `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`. */
  readonly errors: readonly string[];
}

export interface MessageCheckOptions {
  /** chat.postMessage / postEphemeral need text, blocks or attachments (`no_text`). */
  readonly requireContent: boolean;
  readonly blockTextTotal: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns why Slack would refuse this message, or undefined when it would accept it. */
export function checkMessage(args: Json, options: MessageCheckOptions): Rejection | undefined {
  const text = args.text;
  if (typeof text === 'string' && text.length > FAKE_SLACK_LIMITS.messageText) {
    return { error: 'msg_too_long', errors: [`text is ${text.length} characters`] };
  }
  const blocks = args.blocks;
  if (blocks !== undefined) {
    if (!Array.isArray(blocks)) return { error: 'invalid_blocks_format', errors: ['blocks must be a JSON array'] };
    const problem = checkBlocks(blocks);
    if (problem !== undefined) return { error: 'invalid_blocks', errors: [problem] };
    const total = blockTextLength(blocks);
    if (total > options.blockTextTotal) {
      return { error: 'msg_blocks_too_long', errors: [`blocks hold ${total} characters of text`] };
    }
  }
  const hasText = typeof text === 'string' && text.length > 0;
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(args.attachments) && args.attachments.length > 0;
  if (options.requireContent && !hasText && !hasBlocks && !hasAttachments) {
    return { error: 'no_text', errors: ['text, blocks or attachments is required'] };
  }
  return undefined;
}

/** Sum of every string stored under a `text` key anywhere inside the blocks. */
export function blockTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blockTextLength(item), 0);
  if (!isObject(value)) return 0;
  let sum = 0;
  for (const [key, child] of Object.entries(value)) {
    sum += key === 'text' && typeof child === 'string' ? child.length : blockTextLength(child);
  }
  return sum;
}

const at = (path: string, message: string): string => `${message} [json-pointer:${path}]`;
const tooLong = (max: number): string => `must be less than ${max + 1} characters`;

function checkBlocks(blocks: readonly unknown[]): string | undefined {
  if (blocks.length > FAKE_SLACK_LIMITS.blocks) {
    return at('/blocks', `no more than ${FAKE_SLACK_LIMITS.blocks} items allowed`);
  }
  const blockIds = new Set<string>();
  for (const [i, block] of blocks.entries()) {
    const problem = checkBlock(block, `/blocks/${i}`, blockIds);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function checkBlock(block: unknown, path: string, blockIds: Set<string>): string | undefined {
  if (!isObject(block) || typeof block.type !== 'string') return at(path, 'missing required field: type');
  const id = block.block_id;
  if (id !== undefined) {
    if (typeof id !== 'string' || id.length === 0 || id.length > FAKE_SLACK_LIMITS.blockId) {
      return at(`${path}/block_id`, tooLong(FAKE_SLACK_LIMITS.blockId));
    }
    if (blockIds.has(id)) return at(`${path}/block_id`, `duplicate block_id ${id}`);
    blockIds.add(id);
  }
  switch (block.type) {
    case 'section':
      return checkSection(block, path);
    case 'header':
      return checkText(block.text, `${path}/text`, FAKE_SLACK_LIMITS.headerText, 'plain_text');
    case 'context':
      return checkContext(block, path);
    case 'actions':
      return checkActions(block, path);
    case 'image':
      return checkImage(block, path);
    case 'markdown':
      return typeof block.text === 'string' && block.text.length <= FAKE_SLACK_LIMITS.markdownText
        ? undefined
        : at(`${path}/text`, tooLong(FAKE_SLACK_LIMITS.markdownText));
    case 'divider':
    case 'rich_text':
    case 'input':
    case 'file':
    case 'video':
      return undefined;
    default:
      return at(`${path}/type`, `unsupported block type ${block.type}`);
  }
}

function checkText(value: unknown, path: string, max: number, only?: 'plain_text'): string | undefined {
  if (!isObject(value)) return at(path, 'must be a text object');
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') return at(`${path}/type`, 'must be plain_text or mrkdwn');
  if (only !== undefined && value.type !== only) return at(`${path}/type`, `must be ${only}`);
  if (typeof value.text !== 'string' || value.text.length === 0) return at(`${path}/text`, 'must be more than 0 characters');
  if (value.text.length > max) return at(`${path}/text`, tooLong(max));
  return undefined;
}

function checkSection(block: Json, path: string): string | undefined {
  const { text, fields, accessory } = block;
  if (text === undefined && fields === undefined) return at(path, 'must provide text or fields');
  if (text !== undefined) {
    const problem = checkText(text, `${path}/text`, FAKE_SLACK_LIMITS.sectionText);
    if (problem !== undefined) return problem;
  }
  if (fields !== undefined) {
    if (!Array.isArray(fields) || fields.length === 0 || fields.length > FAKE_SLACK_LIMITS.sectionFields) {
      return at(`${path}/fields`, `must hold 1 to ${FAKE_SLACK_LIMITS.sectionFields} items`);
    }
    for (const [i, field] of fields.entries()) {
      const problem = checkText(field, `${path}/fields/${i}`, FAKE_SLACK_LIMITS.sectionFieldText);
      if (problem !== undefined) return problem;
    }
  }
  return accessory === undefined ? undefined : checkElement(accessory, `${path}/accessory`);
}

function checkContext(block: Json, path: string): string | undefined {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0 || elements.length > FAKE_SLACK_LIMITS.contextElements) {
    return at(`${path}/elements`, `must hold 1 to ${FAKE_SLACK_LIMITS.contextElements} items`);
  }
  for (const [i, element] of elements.entries()) {
    const where = `${path}/elements/${i}`;
    const problem = isObject(element) && element.type === 'image'
      ? checkImageFields(element, where)
      : checkText(element, where, FAKE_SLACK_LIMITS.textObject);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function checkActions(block: Json, path: string): string | undefined {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0 || elements.length > FAKE_SLACK_LIMITS.actionsElements) {
    return at(`${path}/elements`, `must hold 1 to ${FAKE_SLACK_LIMITS.actionsElements} items`);
  }
  const actionIds = new Set<string>();
  for (const [i, element] of elements.entries()) {
    const problem = checkElement(element, `${path}/elements/${i}`);
    if (problem !== undefined) return problem;
    const actionId = (element as Json).action_id;
    if (typeof actionId === 'string') {
      if (actionIds.has(actionId)) return at(`${path}/elements/${i}/action_id`, `duplicate action_id ${actionId}`);
      actionIds.add(actionId);
    }
  }
  return undefined;
}

function checkElement(element: unknown, path: string): string | undefined {
  if (!isObject(element) || typeof element.type !== 'string') return at(path, 'missing required field: type');
  const actionId = element.action_id;
  if (actionId !== undefined && (typeof actionId !== 'string' || actionId.length > FAKE_SLACK_LIMITS.actionId)) {
    return at(`${path}/action_id`, tooLong(FAKE_SLACK_LIMITS.actionId));
  }
  if (element.type === 'image') return checkImageFields(element, path);
  if (element.type !== 'button') return undefined;
  const text = checkText(element.text, `${path}/text`, FAKE_SLACK_LIMITS.buttonText, 'plain_text');
  if (text !== undefined) return text;
  const { value, url } = element;
  if (value !== undefined && (typeof value !== 'string' || value.length > FAKE_SLACK_LIMITS.buttonValue)) {
    return at(`${path}/value`, tooLong(FAKE_SLACK_LIMITS.buttonValue));
  }
  if (url !== undefined && (typeof url !== 'string' || url.length > FAKE_SLACK_LIMITS.buttonUrl)) {
    return at(`${path}/url`, tooLong(FAKE_SLACK_LIMITS.buttonUrl));
  }
  return undefined;
}

function checkImage(block: Json, path: string): string | undefined {
  const fields = checkImageFields(block, path);
  if (fields !== undefined || block.title === undefined) return fields;
  return checkText(block.title, `${path}/title`, FAKE_SLACK_LIMITS.altText, 'plain_text');
}

function checkImageFields(image: Json, path: string): string | undefined {
  const { image_url: url, slack_file: file, alt_text: alt } = image;
  if (file === undefined && (typeof url !== 'string' || url.length === 0 || url.length > FAKE_SLACK_LIMITS.imageUrl)) {
    return at(`${path}/image_url`, tooLong(FAKE_SLACK_LIMITS.imageUrl));
  }
  if (typeof alt !== 'string' || alt.length === 0 || alt.length > FAKE_SLACK_LIMITS.altText) {
    return at(`${path}/alt_text`, tooLong(FAKE_SLACK_LIMITS.altText));
  }
  return undefined;
}
