import { Migration } from '@mikro-orm/migrations';

/** The team a ticket is assigned to (a macro's "Assign to a team", E13); null for none. */
export class TicketTeam extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "tickets"."ticket" add column "team_id" uuid null');
  }
}
