// One catalog per area of the app, so each stays small enough to read and review.
import common from './common.json';
import errors from './errors.json';
import nav from './nav.json';
import auth from './auth.json';
import admin from './admin.json';
import home from './home.json';
import feed from './feed.json';
import composer from './composer.json';
import post from './post.json';
import search from './search.json';
import people from './people.json';
import channels from './channels.json';
import uploads from './uploads.json';
import notifications from './notifications.json';
import settings from './settings.json';
import learning from './learning.json';
import moderation from './moderation.json';
import knowledge from './knowledge.json';
import integrations from './integrations.json';
import data from './data.json';
import imports from './imports.json';

import type { Catalog } from '../catalog';

export default {
  common,
  errors,
  nav,
  auth,
  admin,
  home,
  feed,
  composer,
  post,
  search,
  people,
  channels,
  uploads,
  notifications,
  settings,
  learning,
  moderation,
  knowledge,
  integrations,
  data,
  imports,
} satisfies Catalog;
