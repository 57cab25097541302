import type sharpFunction from 'sharp';

type Sharp = typeof sharpFunction;

let loading: Promise<Sharp> | undefined;

/**
 * sharp with libvips, loaded on the first image a gateway handles: loaded at start it would keep
 * about 20 MB resident in every gateway, most of which never sees an upload.
 */
export function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp').then((module) => module.default);
  return loading;
}
