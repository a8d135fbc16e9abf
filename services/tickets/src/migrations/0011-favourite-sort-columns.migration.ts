import { Migration } from '@mikro-orm/migrations';

/**
 * A favourite carries copies of what a favourites page filters and sorts by: its ticket's
 * `updated_at`, `queue_id`, `assignee_id` and `status` (decision 0019). A page of favourites is
 * then a walk of `(user_id, updated_at desc, ticket_id desc)` that decides who may see the ticket,
 * `mine` and `status` in the index alone; only the page's tickets are read. Before, every
 * favourite of the user was looked up in the ticket table to sort them (500 at a million tickets),
 * which made mine+favourites' p99 4x its p99 at 10,000 tickets.
 *
 * Triggers keep the copies true inside the writer's transaction, whoever writes (routes, batches,
 * filing, event handlers, seeds):
 * - a favourite inserted (or moved to another ticket) copies its ticket's columns, reading the
 *   ticket `for share`: a change of the ticket in flight commits first and is read, or waits for
 *   this insert to commit and then finds the new favourite (below);
 * - a ticket update that changes one of the four columns updates its favourites (row-level, with a
 *   WHEN clause, so the many updates that change none of them, and tickets without favourites,
 *   cost no function call or one index probe).
 * Deleting a ticket deletes its favourites (the foreign key's cascade), as before.
 */
export class FavouriteSortColumns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tickets"."favourite"
      add column "updated_at" timestamptz, add column "queue_id" uuid, add column "assignee_id" uuid, add column "status" text`);
    this.addSql(`update "tickets"."favourite" f set "updated_at" = t."updated_at", "queue_id" = t."queue_id",
      "assignee_id" = t."assignee_id", "status" = t."status" from "tickets"."ticket" t where t."id" = f."ticket_id"`);
    this.addSql('alter table "tickets"."favourite" alter column "updated_at" set not null, alter column "status" set not null');

    // A missing ticket is the foreign key's error, as it was before the copies.
    this.addSql(`create function "tickets"."favourite_copy_ticket"() returns trigger language plpgsql as $$
      begin
        select t.updated_at, t.queue_id, t.assignee_id, t.status into new.updated_at, new.queue_id, new.assignee_id, new.status
          from tickets.ticket t where t.id = new.ticket_id for share;
        if not found then
          raise foreign_key_violation using message = format('ticket %s of a favourite does not exist', new.ticket_id);
        end if;
        return new;
      end
    $$`);
    this.addSql(`create trigger "favourite_copy_ticket" before insert or update of "ticket_id" on "tickets"."favourite"
      for each row execute function tickets.favourite_copy_ticket()`);

    this.addSql(`create function "tickets"."favourite_follow_ticket"() returns trigger language plpgsql as $$
      begin
        update tickets.favourite f set updated_at = new.updated_at, queue_id = new.queue_id, assignee_id = new.assignee_id, status = new.status
          where f.ticket_id = new.id;
        return null;
      end
    $$`);
    this.addSql(`create trigger "ticket_favourite_follow" after update on "tickets"."ticket" for each row
      when ((old.updated_at, old.queue_id, old.assignee_id, old.status) is distinct from (new.updated_at, new.queue_id, new.assignee_id, new.status))
      execute function tickets.favourite_follow_ticket()`);

    this.addSql(
      'create index "favourite_user_updated_idx" on "tickets"."favourite" ("user_id", "updated_at" desc, "ticket_id" desc) include ("queue_id", "assignee_id", "status")',
    );
  }
}
