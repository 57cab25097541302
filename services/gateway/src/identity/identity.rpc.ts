import { serveRpc, type BusLogger, type NatsConnection, type RpcService } from '@outloud/bus';
import { IdentityRpc, type IdentityUser, type Names } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { IdentityDatabase } from './identity.tables.js';

/**
 * What other services may ask the gateway about people (it owns identity): the notification
 * service turns `@handles` into people, finds where to send a digest, and whom to escalate to
 * (the holders of a role).
 */
export function serveIdentityRpc(deps: {
  nc: NatsConnection;
  names: Names;
  db: Kysely<IdentityDatabase>;
  logger: BusLogger;
}): Promise<RpcService> {
  const users = deps.db
    .selectFrom('identity.users as users')
    .select(['users.id', 'users.handle', 'users.displayName', 'users.email'])
    // Suspended and deactivated people are left out: @mentions and digests do not reach them.
    .where('users.status', '=', 'active');
  const found = (rows: IdentityUser[]) => ({ users: rows });
  return serveRpc({
    nc: deps.nc,
    names: deps.names,
    service: 'identity',
    schemas: IdentityRpc,
    logger: deps.logger,
    handlers: {
      async usersByHandles({ handles }) {
        if (handles.length === 0) return found([]);
        return found(await users.where('users.handle', 'in', handles).execute());
      },
      async usersByIds({ ids }) {
        if (ids.length === 0) return found([]);
        return found(await users.where('users.id', 'in', ids).execute());
      },
      async usersWithRole({ role, limit }) {
        return found(
          await users
            // Everyone holds `member`, whatever is stored; other roles use the GIN index on roles.
            .$if(role !== 'member', (qb) =>
              qb.where(sql<boolean>`users.roles @> array[${role}]::text[]`),
            )
            .orderBy('users.createdAt')
            .orderBy('users.id')
            .limit(limit)
            .execute(),
        );
      },
    },
  });
}
