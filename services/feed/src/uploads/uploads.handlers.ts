import type { RpcHandlers } from '@outloud/bus';
import type { FeedRpc } from '@outloud/contracts';
import type { FeedContext } from '../context.js';
import { isUploadVisible } from './upload-references.repository.js';

type UploadHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'uploadAccess'>;

/** The gateway serves uploads; the feed, which owns posts and their visibility, says to whom. */
export function uploadHandlers(ctx: FeedContext): UploadHandlers {
  return {
    async uploadAccess({ actor, uploadId, ownerId }) {
      return {
        visible: await isUploadVisible(ctx.db, { uploadId, ownerId, viewer: actor }),
      };
    },
  };
}
