/**
 * Checks a Discord message payload against the documented limits, the way Discord counts
 * them. Takes `unknown` so the fake Discord server can run it on request bodies as received.
 */
import { isRecord, list, str } from './json-shape.js';
import { DISCORD_LIMITS } from './limits.js';


function embedSize(embed: unknown): number {
  if (!isRecord(embed)) return 0;
  const parts: (string | undefined)[] = [str(embed.title), str(embed.description)];
  for (const field of list(embed.fields)) {
    if (isRecord(field)) parts.push(str(field.name), str(field.value));
  }
  if (isRecord(embed.footer)) parts.push(str(embed.footer.text));
  if (isRecord(embed.author)) parts.push(str(embed.author.name));
  return parts.reduce((sum, part) => sum + (part?.trim().length ?? 0), 0);
}

/**
 * The number Discord holds against its 6000 limit: title, description, field names and values,
 * footer text and author name of every embed, each trimmed of surrounding whitespace.
 */
export function discordMessageSize(payload: unknown): number {
  if (!isRecord(payload)) return 0;
  return list(payload.embeds).reduce<number>((sum, embed) => sum + embedSize(embed), 0);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function findLoneSurrogates(value: unknown, path: string, out: string[]): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) out.push(`${path}: contains a lone surrogate`);
  } else if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => { findLoneSurrogates(item, `${path}[${i}]`, out); });
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) findLoneSurrogates(item, path ? `${path}.${key}` : key, out);
  }
}

function checkLength(out: string[], path: string, value: unknown, max: number, min = 0): void {
  const text = str(value);
  if (text === undefined) {
    if (min > 0) out.push(`${path}: missing`);
    return;
  }
  if (text.length > max) out.push(`${path}: ${text.length} > ${max}`);
  if (text.trim().length < min) out.push(`${path}: empty`);
}

function checkEmbed(out: string[], embed: unknown, path: string): void {
  if (!isRecord(embed)) {
    out.push(`${path}: not an object`);
    return;
  }
  checkLength(out, `${path}.title`, embed.title, DISCORD_LIMITS.embedTitle);
  checkLength(out, `${path}.description`, embed.description, DISCORD_LIMITS.embedDescription);
  const fields = list(embed.fields);
  if (fields.length > DISCORD_LIMITS.embedFields) {
    out.push(`${path}.fields: ${fields.length} > ${DISCORD_LIMITS.embedFields}`);
  }
  fields.forEach((field, i) => {
    const at = `${path}.fields[${i}]`;
    if (!isRecord(field)) return void out.push(`${at}: not an object`);
    checkLength(out, `${at}.name`, field.name, DISCORD_LIMITS.fieldName, 1);
    checkLength(out, `${at}.value`, field.value, DISCORD_LIMITS.fieldValue, 1);
  });
  if (isRecord(embed.footer)) checkLength(out, `${path}.footer.text`, embed.footer.text, DISCORD_LIMITS.footerText, 1);
  if (isRecord(embed.author)) checkLength(out, `${path}.author.name`, embed.author.name, DISCORD_LIMITS.authorName, 1);
}

function checkButton(out: string[], button: unknown, path: string): void {
  if (!isRecord(button) || button.type !== 2) return void out.push(`${path}: not a button`);
  checkLength(out, `${path}.label`, button.label, DISCORD_LIMITS.buttonLabel, 1);
  if (button.style === 5) {
    checkLength(out, `${path}.url`, button.url, DISCORD_LIMITS.buttonUrl, 1);
    const url = str(button.url);
    if (url !== undefined && !/^https?:\/\//i.test(url)) out.push(`${path}.url: not http(s)`);
    if (button.custom_id !== undefined) out.push(`${path}: link button with custom_id`);
  } else {
    checkLength(out, `${path}.custom_id`, button.custom_id, DISCORD_LIMITS.customId, 1);
    if (button.url !== undefined) out.push(`${path}: non-link button with url`);
  }
}

/** Every way `payload` breaks a Discord limit or our no-pings rule; empty when it is fine. */
export function discordMessageViolations(payload: unknown): string[] {
  if (!isRecord(payload)) return ['payload: not an object'];
  const out: string[] = [];
  checkLength(out, 'content', payload.content, DISCORD_LIMITS.content);
  const embeds = list(payload.embeds);
  const rows = list(payload.components);
  if ((str(payload.content) ?? '').trim() === '' && embeds.length === 0 && rows.length === 0) {
    out.push('message: no content, embeds or components');
  }
  const mentions = payload.allowed_mentions;
  if (!isRecord(mentions) || !Array.isArray(mentions.parse) || mentions.parse.length > 0) {
    out.push('allowed_mentions: must be { parse: [] }');
  }
  if (embeds.length > DISCORD_LIMITS.embedsPerMessage) {
    out.push(`embeds: ${embeds.length} > ${DISCORD_LIMITS.embedsPerMessage}`);
  }
  embeds.forEach((embed, i) => { checkEmbed(out, embed, `embeds[${i}]`); });
  const size = discordMessageSize(payload);
  if (size > DISCORD_LIMITS.embedTotal) out.push(`embeds total: ${size} > ${DISCORD_LIMITS.embedTotal}`);
  if (rows.length > DISCORD_LIMITS.actionRows) out.push(`components: ${rows.length} > ${DISCORD_LIMITS.actionRows}`);
  rows.forEach((row, i) => {
    const at = `components[${i}]`;
    if (!isRecord(row) || row.type !== 1) return void out.push(`${at}: not an action row`);
    const buttons = list(row.components);
    if (buttons.length === 0 || buttons.length > DISCORD_LIMITS.buttonsPerRow) {
      out.push(`${at}.components: ${buttons.length} buttons, need 1..${DISCORD_LIMITS.buttonsPerRow}`);
    }
    buttons.forEach((button, j) => { checkButton(out, button, `${at}.components[${j}]`); });
  });
  findLoneSurrogates(payload, '', out);
  return out;
}
