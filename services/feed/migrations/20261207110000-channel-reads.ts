import { sql, type Kysely } from 'kysely';

/**
 * Channels that scale to a company: each membership keeps how far its person has read and whether
 * they starred the channel; each channel keeps its member count (by trigger, so every way of
 * adding a member counts) and the time of its last post, with an index for each directory sort.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Existing memberships start read: nobody meets a flood of old posts counted as unread.
  await sql`alter table feed.channel_members
    add column last_read_at timestamptz not null default now(),
    add column starred boolean not null default false`.execute(db);
  await sql`alter table feed.channels
    add column last_post_at timestamptz,
    add column member_count integer not null default 0`.execute(db);
  await sql`update feed.channels c set
    member_count = (select count(*) from feed.channel_members m where m.channel_id = c.id),
    last_post_at = (select max(p.created_at) from feed.posts p
                    where p.channel_id = c.id and p.deleted_at is null)`.execute(db);

  await sql`create function feed.count_channel_members() returns trigger
    language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update feed.channels set member_count = member_count + 1 where id = new.channel_id;
      else
        update feed.channels set member_count = greatest(member_count - 1, 0)
          where id = old.channel_id;
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`create trigger channel_members_count
    after insert or delete on feed.channel_members
    for each row execute function feed.count_channel_members()`.execute(db);

  // One index per directory sort (keyset on the sort key, then id).
  await sql`create index channels_by_activity
    on feed.channels ((coalesce(last_post_at, created_at)) desc, id desc)`.execute(db);
  await sql`create index channels_by_members on feed.channels (member_count desc, id desc)`.execute(
    db,
  );
  await sql`create index channels_by_name on feed.channels (lower(name), id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index feed.channels_by_name`.execute(db);
  await sql`drop index feed.channels_by_members`.execute(db);
  await sql`drop index feed.channels_by_activity`.execute(db);
  await sql`drop trigger channel_members_count on feed.channel_members`.execute(db);
  await sql`drop function feed.count_channel_members()`.execute(db);
  await sql`alter table feed.channels drop column last_post_at, drop column member_count`.execute(
    db,
  );
  await sql`alter table feed.channel_members drop column last_read_at, drop column starred`.execute(
    db,
  );
}
