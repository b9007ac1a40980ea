/**
 * Checks a Slack message payload against Block Kit limits and our total text budget. Takes
 * `unknown` so the fake Slack Web API can run it on `JSON.parse(form.blocks)` as received.
 */
import { isRecord, list, str } from './json-shape.js';
import { SLACK_LIMITS } from './limits.js';


/** Text of every text object, image `alt_text` included, anywhere under `value`. */
function blockText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + blockText(item), 0);
  if (!isRecord(value)) return 0;
  let sum = 0;
  for (const [key, item] of Object.entries(value)) {
    if ((key === 'text' || key === 'alt_text') && typeof item === 'string') sum += item.length;
    else sum += blockText(item);
  }
  return sum;
}

/** What we hold against `SLACK_LIMITS.messageTextBudget`: all block text plus the fallback `text`. */
export function slackMessageTextLength(payload: unknown): number {
  if (!isRecord(payload)) return 0;
  return blockText(payload.blocks) + (str(payload.text)?.length ?? 0);
}

/** Text of blocks alone, for budgeting a message while it is being built. */
export function slackBlocksTextLength(blocks: readonly unknown[]): number {
  return blockText(blocks);
}

function checkText(out: string[], path: string, value: unknown, max: number, plainOnly = false): void {
  if (!isRecord(value)) return void out.push(`${path}: not a text object`);
  if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) {
    out.push(`${path}.type: ${String(value.type)} not allowed`);
  }
  const text = str(value.text);
  if (text === undefined || text.trim().length === 0) out.push(`${path}.text: empty`);
  else if (text.length > max) out.push(`${path}.text: ${text.length} > ${max}`);
}

function checkLength(out: string[], path: string, value: unknown, max: number): void {
  const text = str(value);
  if (text !== undefined && text.length > max) out.push(`${path}: ${text.length} > ${max}`);
}

function checkElement(out: string[], element: unknown, path: string): void {
  if (!isRecord(element)) return void out.push(`${path}: not an object`);
  if (element.type === 'image') {
    if (!str(element.image_url)) out.push(`${path}.image_url: missing`);
    checkLength(out, `${path}.image_url`, element.image_url, SLACK_LIMITS.imageUrl);
    if (!str(element.alt_text)) out.push(`${path}.alt_text: missing`);
    checkLength(out, `${path}.alt_text`, element.alt_text, SLACK_LIMITS.imageAltText);
  } else if (element.type === 'button') {
    checkText(out, `${path}.text`, element.text, SLACK_LIMITS.buttonText, true);
    const actionId = str(element.action_id);
    if (!actionId) out.push(`${path}.action_id: missing`);
    checkLength(out, `${path}.action_id`, actionId, SLACK_LIMITS.actionId);
    checkLength(out, `${path}.value`, element.value, SLACK_LIMITS.buttonValue);
    checkLength(out, `${path}.url`, element.url, SLACK_LIMITS.buttonUrl);
  } else {
    out.push(`${path}.type: ${String(element.type)} not expected`);
  }
}

function checkBlock(out: string[], block: unknown, path: string): void {
  if (!isRecord(block)) return void out.push(`${path}: not an object`);
  checkLength(out, `${path}.block_id`, block.block_id, SLACK_LIMITS.blockId);
  switch (block.type) {
    case 'section': {
      const fields = list(block.fields);
      if (block.text === undefined && fields.length === 0) out.push(`${path}: needs text or fields`);
      if (block.text !== undefined) checkText(out, `${path}.text`, block.text, SLACK_LIMITS.sectionText);
      if (fields.length > SLACK_LIMITS.sectionFields) out.push(`${path}.fields: ${fields.length} > ${SLACK_LIMITS.sectionFields}`);
      fields.forEach((field, i) => { checkText(out, `${path}.fields[${i}]`, field, SLACK_LIMITS.sectionFieldText); });
      if (block.accessory !== undefined) checkElement(out, block.accessory, `${path}.accessory`);
      break;
    }
    case 'header':
      checkText(out, `${path}.text`, block.text, SLACK_LIMITS.headerText, true);
      break;
    case 'context': {
      const elements = list(block.elements);
      if (elements.length === 0 || elements.length > SLACK_LIMITS.contextElements) {
        out.push(`${path}.elements: ${elements.length}, need 1..${SLACK_LIMITS.contextElements}`);
      }
      elements.forEach((element, i) => {
        const at = `${path}.elements[${i}]`;
        if (isRecord(element) && element.type === 'image') checkElement(out, element, at);
        else checkText(out, at, element, SLACK_LIMITS.textObject);
      });
      break;
    }
    case 'actions': {
      const elements = list(block.elements);
      if (elements.length === 0 || elements.length > SLACK_LIMITS.actionsElements) {
        out.push(`${path}.elements: ${elements.length}, need 1..${SLACK_LIMITS.actionsElements}`);
      }
      elements.forEach((element, i) => { checkElement(out, element, `${path}.elements[${i}]`); });
      const ids = elements.map((element) => (isRecord(element) ? str(element.action_id) : undefined));
      if (new Set(ids).size !== ids.length) out.push(`${path}.elements: duplicate action_id`);
      break;
    }
    case 'divider':
      break;
    default:
      out.push(`${path}.type: ${String(block.type)} not expected`);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  return isRecord(value) && Object.values(value).some(hasLoneSurrogate);
}

/** Every way `payload` breaks a Block Kit limit or our text budget; empty when it is fine. */
export function slackMessageViolations(payload: unknown): string[] {
  if (!isRecord(payload)) return ['payload: not an object'];
  const out: string[] = [];
  // Slack uses `text` for notifications and screen readers when `blocks` are sent.
  if (!str(payload.text)?.trim()) out.push('text: missing fallback text');
  const blocks = list(payload.blocks);
  if (blocks.length > SLACK_LIMITS.blocks) out.push(`blocks: ${blocks.length} > ${SLACK_LIMITS.blocks}`);
  blocks.forEach((block, i) => { checkBlock(out, block, `blocks[${i}]`); });
  const blockIds = blocks.map((block) => (isRecord(block) ? str(block.block_id) : undefined)).filter((id) => id !== undefined);
  if (new Set(blockIds).size !== blockIds.length) out.push('blocks: duplicate block_id');
  const total = slackMessageTextLength(payload);
  if (total > SLACK_LIMITS.messageTextBudget) out.push(`text budget: ${total} > ${SLACK_LIMITS.messageTextBudget}`);
  if (hasLoneSurrogate(payload)) out.push('payload: contains a lone surrogate');
  return out;
}
