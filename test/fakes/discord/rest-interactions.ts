/**
 * Interaction responses in the fake Discord: the callback route (types 4-9) and the webhook
 * routes behind `editReply`, `followUp` and `fetchReply`. Rules Discord enforces and the fake
 * copies: one callback per interaction (40060), within the initial response window (10062,
 * 3 s by default), the webhook only after the callback (10015), callback types that fit the
 * interaction type, and the same message limits as channel messages.
 */
import type { Answer } from './faults.js';
import { choiceErrors, isEmptyMessage, messageErrors } from './limits.js';
import { editedMessage, messageObject, type Json } from './model.js';
import { ERRORS, formError, json, noContent, type Handler, type RouteContext, type RouteName } from './rest.js';
import { attachmentsFor, type RestDeps } from './rest-channels.js';

export interface InteractionAck {
  readonly interactionId: string;
  readonly token: string;
  /** Callback type: 4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete result, 9 modal. */
  readonly type: number;
  readonly data: Json | undefined;
  readonly time: number;
}

interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly channelId: string;
  readonly guildId: string | undefined;
  readonly userId: string;
  readonly commandName: string | undefined;
  readonly dispatchedAt: number;
  readonly componentMessageId: string | undefined;
  ack: InteractionAck | undefined;
  originalId: string | undefined;
  readonly messageIds: Set<string>;
}

const EPHEMERAL = 64;
const LOADING = 128;
/** Callback types each interaction type accepts (ping 1, command 2, component 3, autocomplete 4, modal submit 5). */
const ALLOWED: Readonly<Record<number, readonly number[]>> = { 1: [1], 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };

export interface InteractionRoutesOptions extends RestDeps {
  /** Initial response window in ms; 0 turns the check off. */
  readonly responseWindowMs: number;
}

export function createInteractionRoutes(deps: InteractionRoutesOptions) {
  const { world, emit } = deps;
  const byId = new Map<string, InteractionRecord>();
  const byToken = new Map<string, InteractionRecord>();
  const acks: InteractionAck[] = [];

  /** Remembers an INTERACTION_CREATE payload so its callback and webhook routes work. */
  function register(d: Json): void {
    const channel = (d.channel ?? {}) as Json;
    const member = (d.member ?? {}) as Json;
    const user = (d.user ?? member.user ?? {}) as Json;
    const message = d.message as Json | undefined;
    const data = (d.data ?? {}) as Json;
    const record: InteractionRecord = {
      id: String(d.id),
      token: String(d.token),
      type: Number(d.type),
      channelId: String(channel.id ?? d.channel_id),
      guildId: typeof d.guild_id === 'string' ? d.guild_id : undefined,
      userId: String(user.id),
      commandName: typeof data.name === 'string' ? data.name : undefined,
      dispatchedAt: Date.now(),
      componentMessageId: message === undefined ? undefined : String(message.id),
      ack: undefined,
      originalId: undefined,
      messageIds: new Set(),
    };
    byId.set(record.id, record);
    byToken.set(record.token, record);
  }

  function createReply(record: InteractionRecord, body: Json, original: boolean, files: RouteContext['files']): Json {
    const flags = typeof body.flags === 'number' ? body.flags : 0;
    const message = messageObject({
      channelId: record.channelId,
      ...(record.guildId === undefined ? {} : { guildId: record.guildId }),
      author: world.botUser(),
      body: { ...body, attachments: attachmentsFor(files, record.channelId, deps.baseUrl()) },
    });
    message.webhook_id = world.applicationId;
    message.application_id = world.applicationId;
    if (original && record.type === 2) message.type = 20;
    message.interaction_metadata = {
      id: record.id,
      type: record.type,
      user: world.user(record.userId) ?? { id: record.userId },
      authorizing_integration_owners: record.guildId === undefined ? {} : { '0': record.guildId },
      ...(record.commandName === undefined ? {} : { name: record.commandName }),
    };
    const ephemeral = (flags & EPHEMERAL) !== 0;
    world.storeMessage(message, ephemeral);
    record.messageIds.add(String(message.id));
    if (!ephemeral) emit('MESSAGE_CREATE', message);
    return message;
  }

  function messageBodyProblem(body: Json, key: string | undefined, requireContent: boolean, fileCount: number): Answer | undefined {
    const errors = messageErrors(body);
    if (errors !== undefined) return formError(key === undefined ? errors : { [key]: errors });
    if (requireContent && isEmptyMessage(body, fileCount)) return ERRORS.emptyMessage;
    return undefined;
  }

  function callback(ctx: RouteContext): Answer {
    const record = byId.get(String(ctx.params.id));
    if (record === undefined || record.token !== ctx.params.token) return ERRORS.unknownInteraction;
    if (record.ack !== undefined) return ERRORS.alreadyAcknowledged;
    if (deps.responseWindowMs > 0 && Date.now() - record.dispatchedAt > deps.responseWindowMs) return ERRORS.unknownInteraction;
    const type = Number(ctx.body.type);
    const data = typeof ctx.body.data === 'object' && ctx.body.data !== null ? (ctx.body.data as Json) : undefined;
    const allowed = ALLOWED[record.type] ?? [];
    if (!allowed.includes(type)) {
      return formError({ type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: `Value must be one of (${allowed.join(', ')}).` }] } });
    }
    let resource: Json | undefined;
    if (type === 4) {
      const problem = messageBodyProblem(data ?? {}, 'data', true, ctx.files.length);
      if (problem !== undefined) return problem;
      resource = createReply(record, data ?? {}, true, ctx.files);
      record.originalId = String(resource.id);
    } else if (type === 5) {
      const flags = typeof data?.flags === 'number' ? data.flags : 0;
      resource = createReply(record, { content: '', flags: flags | LOADING }, true, []);
      record.originalId = String(resource.id);
    } else if (type === 6 || type === 7) {
      record.originalId = record.componentMessageId;
      const stored = record.componentMessageId === undefined ? undefined : world.message(record.componentMessageId);
      if (type === 7) {
        const problem = messageBodyProblem(data ?? {}, 'data', false, 0);
        if (problem !== undefined) return problem;
        if (stored !== undefined) {
          stored.message = editedMessage(stored.message, data ?? {}, attachmentsFor(ctx.files, record.channelId, deps.baseUrl()));
          emit('MESSAGE_UPDATE', stored.message);
        }
      }
      resource = stored?.message;
    } else if (type === 8) {
      const errors = choiceErrors(data ?? {});
      if (errors !== undefined) return formError(errors);
    }
    record.ack = { interactionId: record.id, token: record.token, type, data, time: Date.now() };
    acks.push(record.ack);
    if (ctx.query.get('with_response') !== 'true') return noContent;
    return json(200, {
      interaction: {
        id: record.id,
        type: record.type,
        activity_instance_id: null,
        response_message_id: record.originalId ?? null,
        response_message_loading: type === 5,
        response_message_ephemeral: ((Number(data?.flags ?? 0)) & EPHEMERAL) !== 0,
      },
      resource: { type, ...(resource === undefined ? {} : { message: resource }) },
    });
  }

  /** The interaction behind a webhook route, once its callback is in (before that Discord says 10015). */
  function webhookRecord(ctx: RouteContext): InteractionRecord | Answer {
    const record = byToken.get(String(ctx.params.token));
    if (ctx.params.app !== world.applicationId || record?.ack === undefined) return ERRORS.unknownWebhook;
    return record;
  }

  function webhookMessage(ctx: RouteContext, original: boolean): { record: InteractionRecord; id: string } | Answer {
    const record = webhookRecord(ctx);
    if ('status' in record) return record;
    const id = original ? record.originalId : ctx.params.message;
    if (id === undefined || (!record.messageIds.has(id) && id !== record.componentMessageId)) return ERRORS.unknownMessage;
    return world.message(id) === undefined ? ERRORS.unknownMessage : { record, id };
  }

  function getMessage(ctx: RouteContext, original: boolean): Answer {
    const found = webhookMessage(ctx, original);
    return 'status' in found ? found : json(200, world.message(found.id)?.message);
  }

  function editMessage(ctx: RouteContext, original: boolean): Answer {
    const found = webhookMessage(ctx, original);
    if ('status' in found) return found;
    const problem = messageBodyProblem(ctx.body, undefined, false, 0);
    if (problem !== undefined) return problem;
    const stored = world.message(found.id);
    if (stored === undefined) return ERRORS.unknownMessage;
    const next = editedMessage(stored.message, ctx.body, attachmentsFor(ctx.files, found.record.channelId, deps.baseUrl()));
    next.flags = Number(next.flags ?? 0) & ~LOADING;
    if (isEmptyMessage(next)) return ERRORS.emptyMessage;
    stored.message = next;
    if (!stored.ephemeral) emit('MESSAGE_UPDATE', next);
    return json(200, next);
  }

  function deleteMessage(ctx: RouteContext, original: boolean): Answer {
    const found = webhookMessage(ctx, original);
    if ('status' in found) return found;
    const stored = world.message(found.id);
    world.deleteMessage(found.id);
    if (stored?.ephemeral === false) emit('MESSAGE_DELETE', { id: found.id, channel_id: stored.channelId, guild_id: found.record.guildId });
    return noContent;
  }

  function followUp(ctx: RouteContext): Answer {
    const record = webhookRecord(ctx);
    if ('status' in record) return record;
    const problem = messageBodyProblem(ctx.body, undefined, true, ctx.files.length);
    if (problem !== undefined) return problem;
    const message = createReply(record, ctx.body, false, ctx.files);
    return ctx.query.get('wait') === 'true' ? json(200, message) : noContent;
  }

  const routes: Partial<Record<RouteName, Handler>> = {
    'interaction.callback': callback,
    'webhook.original.get': (ctx) => getMessage(ctx, true),
    'webhook.original.edit': (ctx) => editMessage(ctx, true),
    'webhook.original.delete': (ctx) => deleteMessage(ctx, true),
    'webhook.message.get': (ctx) => getMessage(ctx, false),
    'webhook.message.edit': (ctx) => editMessage(ctx, false),
    'webhook.message.delete': (ctx) => deleteMessage(ctx, false),
    'webhook.followup': followUp,
  };

  return {
    routes,
    register,
    acks: (): readonly InteractionAck[] => acks,
    ack: (interactionId: string): InteractionAck | undefined => byId.get(interactionId)?.ack,
  };
}
