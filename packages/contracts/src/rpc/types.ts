import type Type from 'typebox';

/** A map of verb → request/reply schemas for one service. */
export type RpcSchemas = Record<string, { request: Type.TSchema; reply: Type.TSchema }>;

export type RpcRequest<S extends RpcSchemas, V extends keyof S> = Type.Static<S[V]['request']>;
export type RpcReply<S extends RpcSchemas, V extends keyof S> = Type.Static<S[V]['reply']>;
