import { translate } from '../i18n';
import { AccountLimits, Limits, charCount } from './limits';
import { ChannelLimits, isValidSlug } from './channels';
import { parseTags } from './tags';
import { hasUploadPlaceholder } from './upload-markdown';

/** Field name → message, only for fields that are invalid. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
  handle: string;
}

export interface SignInInput {
  email: string;
  password: string;
}

export interface PostInput {
  title: string;
  body: string;
  tags: string;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const handlePattern = new RegExp(Limits.handlePattern);

export function hasErrors<F extends string>(errors: FieldErrors<F>): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}

export function validateSignUp(input: SignUpInput): FieldErrors<keyof SignUpInput> {
  const errors: FieldErrors<keyof SignUpInput> = {};
  const email = input.email.trim();
  if (email === '') errors.email = translate('errors.invalid.emailMissing');
  else if (!emailPattern.test(email) || email.length > AccountLimits.emailMax)
    errors.email = translate('errors.invalid.emailInvalid');

  if (charCount(input.password) < Limits.passwordMin)
    errors.password = translate('errors.invalid.passwordMin', { min: Limits.passwordMin });
  else if (charCount(input.password) > AccountLimits.passwordMax)
    errors.password = translate('errors.invalid.passwordMax', { max: AccountLimits.passwordMax });

  const displayName = input.displayName.trim();
  if (displayName === '') errors.displayName = translate('errors.invalid.displayNameMissing');
  else if (charCount(displayName) > AccountLimits.displayNameMax)
    errors.displayName = translate('errors.invalid.displayNameMax', {
      max: AccountLimits.displayNameMax,
    });

  if (!handlePattern.test(input.handle)) errors.handle = translate('errors.invalid.handle');
  return errors;
}

export function validateSignIn(input: SignInInput): FieldErrors<keyof SignInInput> {
  const errors: FieldErrors<keyof SignInInput> = {};
  if (input.email.trim() === '') errors.email = translate('errors.invalid.emailMissing');
  if (input.password === '') errors.password = translate('errors.invalid.passwordMissing');
  return errors;
}

export function validatePost(input: PostInput): FieldErrors<keyof PostInput> {
  const errors: FieldErrors<keyof PostInput> = {};
  const title = input.title.trim();
  if (title === '') errors.title = translate('errors.invalid.titleMissing');
  else if (charCount(title) > Limits.titleMax)
    errors.title = translate('errors.invalid.titleMax', { max: Limits.titleMax });

  if (input.body.trim() === '') errors.body = translate('errors.invalid.bodyMissing');
  else if (charCount(input.body) > Limits.bodyMax)
    errors.body = translate('errors.invalid.bodyMax', { max: Limits.bodyMax });
  else if (hasUploadPlaceholder(input.body))
    errors.body = translate('errors.invalid.uploadPending');

  const tagError = parseTags(input.tags).error;
  if (tagError !== null) errors.tags = tagError;
  return errors;
}

export interface ChannelInput {
  slug: string;
  name: string;
  description: string;
}

/** Checks a new channel (`withSlug`) or an edit of one (the slug cannot change). */
export function validateChannel(
  input: ChannelInput,
  withSlug: boolean,
): FieldErrors<keyof ChannelInput> {
  const errors: FieldErrors<keyof ChannelInput> = {};
  if (withSlug && !isValidSlug(input.slug))
    errors.slug = translate('errors.invalid.slug', { max: ChannelLimits.slugMax });
  const name = input.name.trim();
  if (name === '') errors.name = translate('errors.invalid.channelNameMissing');
  else if (charCount(name) > ChannelLimits.nameMax)
    errors.name = translate('errors.invalid.channelNameMax', { max: ChannelLimits.nameMax });
  if (charCount(input.description.trim()) > ChannelLimits.descriptionMax)
    errors.description = translate('errors.invalid.descriptionMax', {
      max: ChannelLimits.descriptionMax,
    });
  return errors;
}

/** An answer or comment body: a message, or null when it can be sent. */
export function validateAnswer(body: string): string | null {
  if (body.trim() === '') return translate('errors.invalid.answerMissing');
  if (charCount(body) > Limits.bodyMax)
    return translate('errors.invalid.answerMax', { max: Limits.bodyMax });
  // Sent now, the post would keep the "Uploading…" placeholder instead of the file.
  if (hasUploadPlaceholder(body)) return translate('errors.invalid.uploadPending');
  return null;
}
