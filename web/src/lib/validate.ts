import { AccountLimits, Limits, charCount } from './limits';
import { ChannelLimits, isValidSlug } from './channels';
import { parseTags } from './tags';

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
  if (email === '') errors.email = 'Enter your email address.';
  else if (!emailPattern.test(email) || email.length > AccountLimits.emailMax)
    errors.email = 'Enter a valid email address, like name@example.com.';

  if (charCount(input.password) < Limits.passwordMin)
    errors.password = `Use at least ${Limits.passwordMin} characters.`;
  else if (charCount(input.password) > AccountLimits.passwordMax)
    errors.password = `Use at most ${AccountLimits.passwordMax} characters.`;

  const displayName = input.displayName.trim();
  if (displayName === '') errors.displayName = 'Enter the name colleagues will see.';
  else if (charCount(displayName) > AccountLimits.displayNameMax)
    errors.displayName = `Use at most ${AccountLimits.displayNameMax} characters.`;

  if (!handlePattern.test(input.handle))
    errors.handle = 'Use 3–30 lowercase letters, digits or underscores.';
  return errors;
}

export function validateSignIn(input: SignInInput): FieldErrors<keyof SignInInput> {
  const errors: FieldErrors<keyof SignInInput> = {};
  if (input.email.trim() === '') errors.email = 'Enter your email address.';
  if (input.password === '') errors.password = 'Enter your password.';
  return errors;
}

export function validatePost(input: PostInput): FieldErrors<keyof PostInput> {
  const errors: FieldErrors<keyof PostInput> = {};
  const title = input.title.trim();
  if (title === '') errors.title = 'Give your post a title.';
  else if (charCount(title) > Limits.titleMax)
    errors.title = `Keep the title to ${Limits.titleMax} characters or fewer.`;

  if (input.body.trim() === '') errors.body = 'Write something in the body.';
  else if (charCount(input.body) > Limits.bodyMax)
    errors.body = `Keep the body to ${Limits.bodyMax.toLocaleString('en')} characters or fewer.`;

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
    errors.slug =
      `Use 2–${ChannelLimits.slugMax} lowercase letters, digits or hyphens, ` +
      'starting with a letter or digit.';
  const name = input.name.trim();
  if (name === '') errors.name = 'Give the channel a name.';
  else if (charCount(name) > ChannelLimits.nameMax)
    errors.name = `Keep the name to ${ChannelLimits.nameMax} characters or fewer.`;
  if (charCount(input.description.trim()) > ChannelLimits.descriptionMax)
    errors.description = `Keep the description to ${ChannelLimits.descriptionMax} characters or fewer.`;
  return errors;
}

/** An answer or comment body: a message, or null when it can be sent. */
export function validateAnswer(body: string): string | null {
  if (body.trim() === '') return 'Write something first.';
  if (charCount(body) > Limits.bodyMax)
    return `Keep it to ${Limits.bodyMax.toLocaleString('en')} characters or fewer.`;
  return null;
}
