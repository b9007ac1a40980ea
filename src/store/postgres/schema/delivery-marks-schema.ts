/**
 * Migration 11: delivery marks, the record of platform deliveries already acted on (a Slack
 * event id, a signed request, an install flow's state, the newest reaction event per person and
 * message), shared by every instance so a redelivery that reaches another instance is
 * recognised. `position` is NULL for a plain "seen" mark. They replace `one_time_values` (the
 * install states, migration 5), whose rows become marks so a state used before the upgrade stays
 * used. Times are ISO text, as everywhere in this schema.
 */
import type { PostgresMigration } from './migrations.js';

export const createDeliveryMarks: PostgresMigration = {
  version: 11,
  name: 'create delivery marks',
  sql: `
    CREATE TABLE delivery_marks (
      key       text PRIMARY KEY,
      position  bigint,
      until     text NOT NULL
    );
    CREATE INDEX delivery_marks_until ON delivery_marks (until);
    INSERT INTO delivery_marks (key, position, until) SELECT value, NULL, expires_at FROM one_time_values;
    DROP TABLE one_time_values;
  `,
};
