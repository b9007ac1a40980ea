/**
 * What every Slack button listener shares: ack at once, then, tracked so stop() can wait for it,
 * the fair-use check, the button's value read (a value it cannot read is a stale button), the
 * button's own work, and one private answer for an error.
 */
import type { App, BlockButtonAction, ButtonAction, RespondFn } from '@slack/bolt';
import { actionContext, ephemeral, replyWithFailure, slowDown, type SlackHandlerDeps } from './handler-deps.js';
import { STALE_BUTTON } from './replies.js';

export function onButton<T>(
  app: App,
  deps: SlackHandlerDeps,
  actionId: string | RegExp,
  read: (action: ButtonAction, body: BlockButtonAction) => T | undefined,
  run: (target: T, body: BlockButtonAction, respond: RespondFn) => Promise<void>,
): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: actionId }, async ({ ack, action, body, respond }) => {
    await ack();
    await deps.track(async () => {
      try {
        const refusal = await slowDown(deps, body.user.id, 'button');
        if (refusal !== undefined) {
          await respond({ ...refusal, replace_original: false });
          return;
        }
        const target = read(action, body);
        if (target === undefined) {
          await respond({ ...ephemeral(STALE_BUTTON), replace_original: false });
          return;
        }
        await run(target, body, respond);
      } catch (error) {
        await replyWithFailure(deps, respond, error, actionContext(body));
      }
    });
  });
}
