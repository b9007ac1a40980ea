/**
 * What Discord's REST validation rejects, as the fake applies it to every message body
 * (channel messages, webhook edits and follow-ups, interaction callback data). Errors use
 * Discord's nested `{ field: { _errors: [{ code, message }] } }` shape so discord.js's
 * DiscordAPIError prints the path (`embeds[0].description[BASE_TYPE_MAX_LENGTH]`).
 * Deliberately self-contained: it must not share code with src/formatter, which it checks.
 * Lengths are UTF-16 code units (JS `.length`), the strict reading of Discord's limits.
 */
import type { Json } from './model.js';

export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowComponents: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  nonce: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

type Path = readonly (string | number)[];

class ErrorTree {
  readonly root: Json = {};
  count = 0;

  add(path: Path, code: string, message: string): void {
    let node = this.root;
    for (const key of path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as Json;
    }
    node._errors ??= [];
    (node._errors as Json[]).push({ code, message });
    this.count += 1;
  }

  maxLength(path: Path, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }

  required(path: Path, value: unknown): boolean {
    if (typeof value === 'string' && value.trim() !== '') return true;
    this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return false;
  }

  url(path: Path, value: unknown): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string' || !URL.canParse(value)) {
      this.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
      return;
    }
    const scheme = new URL(value).protocol.slice(0, -1);
    if (!['http', 'https', 'attachment'].includes(scheme)) {
      this.add(path, 'URL_TYPE_INVALID_SCHEME', `Scheme "${scheme}" is not supported. Scheme must be one of ('http', 'https').`);
    }
  }
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const trimmedLength = (value: unknown): number => (typeof value === 'string' ? value.trim().length : 0);

/** Characters counted towards the 6000 limit, summed over all embeds (trimmed, as Discord counts). */
export function embedTotalLength(embeds: readonly unknown[]): number {
  let total = 0;
  for (const embed of embeds) {
    if (!isObject(embed)) continue;
    total += trimmedLength(embed.title) + trimmedLength(embed.description);
    if (isObject(embed.footer)) total += trimmedLength(embed.footer.text);
    if (isObject(embed.author)) total += trimmedLength(embed.author.name);
    if (Array.isArray(embed.fields)) {
      for (const field of embed.fields as unknown[]) {
        if (isObject(field)) total += trimmedLength(field.name) + trimmedLength(field.value);
      }
    }
  }
  return total;
}

function checkEmbed(errors: ErrorTree, embed: unknown, i: number): void {
  const at = ['embeds', i];
  if (!isObject(embed)) {
    errors.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  errors.maxLength([...at, 'title'], embed.title, DISCORD_LIMITS.title);
  errors.maxLength([...at, 'description'], embed.description, DISCORD_LIMITS.description);
  errors.url([...at, 'url'], embed.url);
  if (embed.color !== undefined && embed.color !== null
    && (typeof embed.color !== 'number' || !Number.isInteger(embed.color) || embed.color < 0 || embed.color > 0xffffff)) {
    errors.add([...at, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
  }
  if (isObject(embed.footer) && errors.required([...at, 'footer', 'text'], embed.footer.text)) {
    errors.maxLength([...at, 'footer', 'text'], embed.footer.text, DISCORD_LIMITS.footerText);
  }
  if (isObject(embed.footer)) errors.url([...at, 'footer', 'icon_url'], embed.footer.icon_url);
  if (isObject(embed.author) && errors.required([...at, 'author', 'name'], embed.author.name)) {
    errors.maxLength([...at, 'author', 'name'], embed.author.name, DISCORD_LIMITS.authorName);
  }
  if (isObject(embed.author)) {
    errors.url([...at, 'author', 'url'], embed.author.url);
    errors.url([...at, 'author', 'icon_url'], embed.author.icon_url);
  }
  if (isObject(embed.thumbnail)) errors.url([...at, 'thumbnail', 'url'], embed.thumbnail.url);
  if (isObject(embed.image)) errors.url([...at, 'image', 'url'], embed.image.url);
  if (!Array.isArray(embed.fields)) return;
  const fields = embed.fields as unknown[];
  if (fields.length > DISCORD_LIMITS.fields) {
    errors.add([...at, 'fields'], 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_LIMITS.fields} or fewer in length.`);
  }
  fields.forEach((field, j) => {
    const fieldAt = [...at, 'fields', j];
    if (!isObject(field)) {
      errors.add(fieldAt, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (errors.required([...fieldAt, 'name'], field.name)) errors.maxLength([...fieldAt, 'name'], field.name, DISCORD_LIMITS.fieldName);
    if (errors.required([...fieldAt, 'value'], field.value)) errors.maxLength([...fieldAt, 'value'], field.value, DISCORD_LIMITS.fieldValue);
  });
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

function checkComponents(errors: ErrorTree, components: readonly unknown[]): void {
  if (components.length > DISCORD_LIMITS.actionRows) {
    errors.add(['components'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${DISCORD_LIMITS.actionRows} in length.`);
  }
  const seen = new Set<string>();
  components.forEach((row, i) => {
    if (!isObject(row) || row.type !== 1) {
      errors.add(['components', i, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1}.');
      return;
    }
    const children = Array.isArray(row.components) ? (row.components as unknown[]) : [];
    if (children.length === 0 || children.length > DISCORD_LIMITS.rowComponents) {
      errors.add(['components', i, 'components'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${DISCORD_LIMITS.rowComponents} in length.`);
    }
    if (children.length > 1 && children.some((c) => isObject(c) && SELECT_TYPES.has(Number(c.type)))) {
      errors.add(['components', i, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    }
    children.forEach((child, j) => {
      const at = ['components', i, 'components', j];
      if (!isObject(child)) return;
      const linkish = child.type === 2 && (child.style === 5 || child.style === 6);
      if (child.type === 2) {
        errors.maxLength([...at, 'label'], child.label, DISCORD_LIMITS.buttonLabel);
        if (child.style === 5) {
          if (typeof child.url !== 'string') errors.add([...at, 'url'], 'BUTTON_COMPONENT_URL_REQUIRED', 'A url is required');
          else errors.url([...at, 'url'], child.url);
          if (child.custom_id !== undefined) errors.add([...at, 'custom_id'], 'BUTTON_COMPONENT_INVALID_CUSTOM_ID', 'A custom id cannot be used with a link button');
        }
        if (child.label === undefined && child.emoji === undefined) errors.add([...at, 'label'], 'BUTTON_COMPONENT_LABEL_REQUIRED', 'A label or emoji is required');
      }
      if (SELECT_TYPES.has(Number(child.type)) && Array.isArray(child.options) && (child.options as unknown[]).length > DISCORD_LIMITS.selectOptions) {
        errors.add([...at, 'options'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${DISCORD_LIMITS.selectOptions} in length.`);
      }
      if (linkish) return;
      if (typeof child.custom_id !== 'string' || child.custom_id === '') {
        errors.add([...at, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        return;
      }
      errors.maxLength([...at, 'custom_id'], child.custom_id, DISCORD_LIMITS.customId);
      if (seen.has(child.custom_id)) errors.add([...at, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      seen.add(child.custom_id);
    });
  });
}

function checkAllowedMentions(errors: ErrorTree, value: unknown): void {
  if (!isObject(value)) return;
  const parse = Array.isArray(value.parse) ? (value.parse as unknown[]) : [];
  parse.forEach((p, i) => {
    if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
      errors.add(['allowed_mentions', 'parse', i], 'BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').");
    }
  });
  for (const kind of ['users', 'roles'] as const) {
    const ids = value[kind];
    if (parse.includes(kind) && Array.isArray(ids) && ids.length > 0) {
      errors.add(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${kind}"] and ${kind}: [ids] are mutually exclusive.`);
    }
    if (Array.isArray(ids) && ids.length > 100) errors.add(['allowed_mentions', kind], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  }
}

/** Error tree for a message body, or undefined when Discord would accept it. */
export function messageErrors(body: Json): Json | undefined {
  const errors = new ErrorTree();
  if (body.content !== undefined && body.content !== null && typeof body.content !== 'string') {
    errors.add(['content'], 'BASE_TYPE_STRING', 'Could not interpret value as string.');
  }
  errors.maxLength(['content'], body.content, DISCORD_LIMITS.content);
  errors.maxLength(['nonce'], body.nonce, DISCORD_LIMITS.nonce);
  if (Array.isArray(body.embeds)) {
    const embeds = body.embeds as unknown[];
    if (embeds.length > DISCORD_LIMITS.embeds) {
      errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_LIMITS.embeds} or fewer in length.`);
    }
    embeds.forEach((embed, i) => { checkEmbed(errors, embed, i); });
    if (embedTotalLength(embeds) > DISCORD_LIMITS.embedTotal) {
      errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${DISCORD_LIMITS.embedTotal}`);
    }
  }
  const componentsV2 = typeof body.flags === 'number' && (body.flags & (1 << 15)) !== 0;
  if (Array.isArray(body.components) && !componentsV2) checkComponents(errors, body.components as unknown[]);
  checkAllowedMentions(errors, body.allowed_mentions);
  return errors.count === 0 ? undefined : errors.root;
}

/** Discord's 50006 "Cannot send an empty message": whitespace-only content counts as none. */
export function isEmptyMessage(body: Json, fileCount = 0): boolean {
  const nonEmptyArray = (value: unknown): boolean => Array.isArray(value) && value.length > 0;
  return trimmedLength(body.content) === 0
    && !nonEmptyArray(body.embeds)
    && !nonEmptyArray(body.components)
    && !nonEmptyArray(body.sticker_ids)
    && !nonEmptyArray(body.attachments)
    && body.poll === undefined
    && fileCount === 0;
}

/** Autocomplete (callback type 8) choices. */
export function choiceErrors(data: Json): Json | undefined {
  const errors = new ErrorTree();
  const choices = Array.isArray(data.choices) ? (data.choices as unknown[]) : [];
  if (choices.length > DISCORD_LIMITS.choices) {
    errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_LIMITS.choices} or fewer in length.`);
  }
  choices.forEach((choice, i) => {
    const at = ['data', 'choices', i];
    if (!isObject(choice)) return;
    if (typeof choice.name !== 'string' || choice.name.length < 1 || choice.name.length > DISCORD_LIMITS.choiceName) {
      errors.add([...at, 'name'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${DISCORD_LIMITS.choiceName} in length.`);
    }
    errors.maxLength([...at, 'value'], choice.value, DISCORD_LIMITS.choiceValue);
  });
  return errors.count === 0 ? undefined : errors.root;
}
