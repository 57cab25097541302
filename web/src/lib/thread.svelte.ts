import type { Answer, Post, UpdatePostBody } from '@outloud/contracts';
import { api, errorMessage } from './api';
import { mergePost, withScore } from './posts';
import {
  appendAnswers,
  applyAccepted,
  bookmarkedPost,
  removeAnswer,
  syncAccepted,
  upsertAnswer,
  votedAnswer,
  votedPost,
} from './thread';

/**
 * A post page: the post and its answers, our own actions on them and live changes. Actions
 * throw the API error so that each control can show it next to itself.
 */
export class ThreadState {
  post = $state<Post | null>(null);
  answers = $state<Answer[]>([]);
  /** Where the answers not shown yet start (`null`: all are shown). */
  answersCursor = $state<string | null>(null);
  /** A further page of answers is being fetched. */
  loadingMore = $state(false);
  /** Why the post could not be loaded. */
  error = $state<string | null>(null);
  /** The post was deleted (by someone else) while open. */
  deleted = $state(false);

  readonly id: string;

  constructor(id: string) {
    this.id = id;
  }

  async load(): Promise<void> {
    this.error = null;
    try {
      const { post, answers, answersCursor } = await api.post(this.id);
      this.post = post;
      this.answers = answers;
      this.answersCursor = answersCursor;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /**
   * After a reconnect: reload quietly, as many answers as were shown; what is shown stays if
   * that fails.
   */
  async refresh(): Promise<void> {
    try {
      const shown = this.answers.length;
      const { post, answers, answersCursor } = await api.post(this.id);
      let all = answers;
      let cursor = answersCursor;
      while (cursor !== null && all.length < shown) {
        const page = await api.answers(this.id, { cursor });
        all = appendAnswers(all, page.items);
        cursor = page.nextCursor;
      }
      this.post = post;
      this.answers = all;
      this.answersCursor = cursor;
    } catch {
      // Best effort, like live delivery itself.
    }
  }

  /** Shows the next page of answers ("Show more answers"); throws the API error. */
  async loadMoreAnswers(): Promise<void> {
    const cursor = this.answersCursor;
    if (cursor === null || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const page = await api.answers(this.id, { cursor });
      this.answers = appendAnswers(this.answers, page.items);
      this.answersCursor = page.nextCursor;
    } finally {
      this.loadingMore = false;
    }
  }

  // Our own actions

  async votePost(voted: boolean): Promise<void> {
    const { score } = await api.votePost(this.id, { value: voted ? 1 : 0 });
    if (this.post !== null) this.post = votedPost(this.post, voted, score);
  }

  async bookmark(bookmarked: boolean): Promise<void> {
    if (bookmarked) await api.bookmark(this.id);
    else await api.unbookmark(this.id);
    if (this.post !== null) this.post = bookmarkedPost(this.post, bookmarked);
  }

  async savePost(body: UpdatePostBody): Promise<void> {
    const { post } = await api.updatePost(this.id, body);
    this.applyPost(post);
  }

  async deletePost(): Promise<void> {
    await api.deletePost(this.id);
  }

  async addAnswer(body: string): Promise<void> {
    const { answer } = await api.createAnswer(this.id, { body });
    this.applyAnswer(answer);
  }

  async saveAnswer(id: string, body: string): Promise<void> {
    const { answer } = await api.updateAnswer(id, { body });
    this.answers = upsertAnswer(this.answers, answer).answers;
  }

  async deleteAnswer(id: string): Promise<void> {
    await api.deleteAnswer(id);
    const before = this.answers.length;
    this.answers = removeAnswer(this.answers, id);
    if (this.post === null || this.answers.length === before) return;
    this.post = {
      ...this.post,
      answerCount: Math.max(0, this.post.answerCount - 1),
      acceptedAnswerId: this.post.acceptedAnswerId === id ? null : this.post.acceptedAnswerId,
    };
  }

  async voteAnswer(id: string, voted: boolean): Promise<void> {
    const { score } = await api.voteAnswer(id, { value: voted ? 1 : 0 });
    this.answers = votedAnswer(this.answers, id, voted, score);
  }

  /** Accepts an answer (`accepted`) or withdraws the acceptance. */
  async accept(id: string, accepted: boolean): Promise<void> {
    const { answer } = accepted ? await api.acceptAnswer(id) : await api.withdrawAccept(id);
    this.applyAccepted(answer);
  }

  // Changes from our actions and from live events

  applyPost(post: Post): void {
    if (this.post === null) return;
    this.post = mergePost(this.post, post);
    this.answers = syncAccepted(this.answers, post.acceptedAnswerId);
  }

  /**
   * A live `post:updated`: besides edits of the post itself, it is how answer edits, deletions
   * and withdrawn acceptances arrive, so the answers are fetched again as well.
   */
  async applyLivePost(post: Post): Promise<void> {
    this.applyPost(post);
    await this.refresh();
  }

  applyAnswer(answer: Answer): void {
    const { answers, added } = upsertAnswer(this.answers, answer);
    this.answers = answers;
    if (added && this.post !== null)
      this.post = { ...this.post, answerCount: this.post.answerCount + 1 };
  }

  applyAccepted(answer: Answer): void {
    if (this.post === null) return;
    const next = applyAccepted(this.post, this.answers, answer);
    this.post = next.post;
    this.answers = next.answers;
  }

  applyScore(targetType: 'post' | 'answer', id: string, score: number): void {
    if (targetType === 'answer') this.answers = withScore(this.answers, id, score);
    else if (this.post !== null && this.post.id === id) this.post = { ...this.post, score };
  }

  markDeleted(): void {
    this.deleted = true;
  }
}
