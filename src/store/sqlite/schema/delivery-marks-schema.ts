/**
 * Migration 10: delivery marks, the record of platform deliveries already acted on (a Slack
 * event id, a signed request, an install flow's state, the newest reaction event per person and
 * message), so a redelivery is recognised after a restart too. `position` is NULL for a plain
 * "seen" mark. They replace `one_time_values` (the install states, migration 6), whose rows
 * become marks so a state used before the upgrade stays used.
 */
import type { Migration } from './migrations.js';

export const createDeliveryMarks: Migration = {
  version: 10,
  name: 'create delivery marks',
  up(db) {
    db.exec(`
      CREATE TABLE delivery_marks (
        key       TEXT PRIMARY KEY,
        position  INTEGER,
        until     TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX delivery_marks_until ON delivery_marks (until);
      INSERT INTO delivery_marks (key, position, until) SELECT value, NULL, expires_at FROM one_time_values;
      DROP TABLE one_time_values;
    `);
  },
};
