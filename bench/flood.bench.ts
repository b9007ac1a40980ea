/**
 * Normal users' first-response times while 50 users flood commands (1,000 in all), junk hits
 * the health port and the Slack receiver and a digest is due: the hostile-traffic scenario of
 * test/hostile, the real bot as a child process against the fakes. Baseline in the same run:
 * the same people searching with no flood and no junk. Discord and Slack allow 3 s; our goal
 * is p99 < 100 ms.
 */
import { runHostileScenario, type ScenarioResult } from '../test/hostile/scenario.js';
import { ms, percentile, type BenchTable } from './table.js';

const GOAL_P99_MS = 100;
const PEOPLE = { normalUsers: 10, searchesPerNormalUser: 10 } as const;

function rows(name: string, result: ScenarioResult): (string | number)[][] {
  const all = [...result.normalAcks.discord, ...result.normalAcks.slack];
  return [
    ...(['discord', 'slack'] as const).map((platform) => {
      const acks = result.normalAcks[platform];
      return [name, platform, acks.length, ms(percentile(acks, 50)), ms(percentile(acks, 99)), ms(Math.max(...acks))];
    }),
    [name, 'both', all.length, ms(percentile(all, 50)), ms(percentile(all, 99)), ms(Math.max(...all))],
  ];
}

export default async function floodBench(): Promise<BenchTable[]> {
  const quiet = await runHostileScenario({ flooders: 0, commandsPerFlooder: 0, ...PEOPLE, hostile: false });
  const flooded = await runHostileScenario({ flooders: 50, commandsPerFlooder: 20, ...PEOPLE, hostile: true });
  const p99 = percentile([...flooded.normalAcks.discord, ...flooded.normalAcks.slack], 99);
  const slowedDown = flooded.flooderSlowDowns.reduce((sum, n) => sum + n, 0);
  return [{
    title: 'Normal users\' /papers acks under a command flood (real bot process, fakes on 127.0.0.1)',
    columns: ['scenario', 'platform', 'n', 'p50 ms', 'p99 ms', 'max ms'],
    rows: [...rows('quiet (baseline)', quiet), ...rows('50 flooders, 1,000 commands, junk', flooded)],
    notes: [
      `Measured from sending the command to its first response (Discord: interaction callback; Slack: HTTP answer).`,
      `Flood: ${slowedDown} of ${flooded.flooderCommands} flooded commands told to slow down; people told to slow down: ${flooded.normalSlowDowns}; unanswered: ${flooded.unanswered}; digest done after ${flooded.digestMs} ms (quiet: ${quiet.digestMs} ms).`,
      `Goal: people's p99 under the flood < ${GOAL_P99_MS} ms → ${p99 < GOAL_P99_MS ? 'met' : 'NOT met'} (${ms(p99)} ms; Discord's and Slack's limit is 3000 ms).`,
    ],
  }];
}
