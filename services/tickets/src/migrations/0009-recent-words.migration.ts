import { Migration } from '@mikro-orm/migrations';

/**
 * A word search first looks for its page among the most recently updated tickets, walking them
 * newest first (search-sql.ts). Through the heap that walk cost a random page read per ticket (the
 * prefix `search` column makes rows wide), so it could look at only 5,000 tickets, and two common
 * words together (half a percent of tickets) fell through to sorting all their matches: 130-400
 * ms at a million tickets. The newest-first index now carries what the walk tests, so it reads no
 * heap: the queue and assignee (who may see the ticket) and `words`, the title's lexemes without
 * positions (`strip(to_tsvector('simple', title))`, at most about a kilobyte for a 300-character
 * title, well within a btree entry), which a prefix query (`refu:*`) matches exactly as the prefix
 * `search` column matches `refu`. It replaces ticket_updated_idx, whose key it has. Adding the
 * stored column rewrites the table (about a minute and a half at a million tickets here).
 */
export class RecentWords extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tickets"."ticket" add column "words" tsvector generated always as (strip(to_tsvector('simple', "title"))) stored`);
    this.addSql(
      'create index "ticket_recent_words_idx" on "tickets"."ticket" ("updated_at" desc, "id" desc) include ("queue_id", "assignee_id", "words")',
    );
    this.addSql('drop index "tickets"."ticket_updated_idx"');
  }
}
