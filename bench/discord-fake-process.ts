/**
 * The load side of the Discord ack benchmark, run as its own process (forked by
 * discord-ack.bench.ts) so that, as with the real Discord, dispatching interactions and timing
 * their answers never waits on the bot's event loop. Serves the fake Discord and the fake
 * Hugging Face; on request dispatches slash commands, `concurrency` at a time, and reports
 * per command the time from dispatch to the first response (the interaction callback) and,
 * when asked, to the final edit of the original response.
 */
import { startDiscordFake, type InteractionOptions } from '../test/fakes/discord/index.js';
import { startHfServer } from '../test/fakes/hf/server.js';

export type FakeRequest =
  | { readonly type: 'run'; readonly commands: readonly InteractionOptions[]; readonly concurrency: number; readonly waitForEdit: boolean }
  | { readonly type: 'stop' };

export type FakeReply =
  | { readonly type: 'ready'; readonly apiUrl: string; readonly hfBaseUrl: string }
  | { readonly type: 'result'; readonly samples: readonly Sample[] }
  | { readonly type: 'error'; readonly message: string };

export interface Sample {
  /** Dispatch on the gateway → interaction callback received. */
  readonly ackMs: number;
  /** Dispatch → the edit of @original received; undefined when not waited for. */
  readonly editMs?: number;
  readonly ackStatus: number;
}

const token = process.env.BENCH_DISCORD_TOKEN ?? 'bench-token';
const fake = await startDiscordFake({ token });
const hf = await startHfServer();
const reply = (message: FakeReply): void => {
  process.send?.(message);
};

async function runOne(command: InteractionOptions, waitForEdit: boolean): Promise<Sample> {
  const started = performance.now();
  const sent = fake.interaction(command);
  const ack = await fake.waitForRoute('interaction.callback', (request) => request.params.token === sent.token, 10_000);
  const ackMs = performance.now() - started;
  if (!waitForEdit) return { ackMs, ackStatus: ack.status };
  await fake.waitForRoute('webhook.original.edit', (request) => request.params.token === sent.token, 10_000);
  return { ackMs, editMs: performance.now() - started, ackStatus: ack.status };
}

async function run(commands: readonly InteractionOptions[], concurrency: number, waitForEdit: boolean): Promise<Sample[]> {
  const samples = new Array<Sample>(commands.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < commands.length) {
      const index = next++;
      samples[index] = await runOne(commands[index]!, waitForEdit);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return samples;
}

process.on('message', (message: FakeRequest) => {
  if (message.type === 'stop') {
    void Promise.allSettled([fake.stop(), hf.close()]).then(() => process.exit(0));
    return;
  }
  run(message.commands, message.concurrency, message.waitForEdit).then(
    (samples) => { reply({ type: 'result', samples }); },
    (error: unknown) => { reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }); },
  );
});

reply({ type: 'ready', apiUrl: fake.apiUrl, hfBaseUrl: hf.baseUrl });
