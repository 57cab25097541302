/**
 * The UUIDv5 namespace of notification keys made from a fact rather than an event ("experts asked
 * about question X", "review of post Y due on Z"): notifications are unique on their key and
 * recipient, so the same fact never reaches anyone twice however often it is found.
 */
export const NOTIFICATION_KEYS = '6f2c1c55-6a43-4b5e-9d0e-0b7e3f1d9a21';
