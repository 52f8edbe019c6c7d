import { Readable } from 'node:stream';
import fastJson, { type AnySchema } from 'fast-json-stringify';
import type { FastifyReply, FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

/**
 * Every route's response writer: fast-json-stringify, compiled once per route and status from the JSON Schema of the
 * route's zod response schema (its output side). It writes the declared fields only, so internal columns never leak
 * (STYLE.md), and a missing required field fails the answer instead of sending it half-built. Zod's encode, used
 * before, validated and copied every answer on the way out: 16 µs against 7 µs for a 20-row search page, 121 µs
 * against 74 µs for a 70 KB entity page (bench/README.md).
 *
 * `additionalProperties: false` is taken out: fast-json-stringify leaves undeclared fields out anyway, but where it
 * must pick a branch (a nullable object, a union) it validates the value, and an object carrying an undeclared field
 * would then match no branch and fail the answer instead of being trimmed.
 */
export const compileResponseSerializer: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  // Compiled at the route's first answer with that status, not when the app is built: compiling the ~1,300 writers of
  // every route and status took ~2 s of CPU at each start and in each test file's app, where most are never used. The
  // app keeps the schemas (`responseSchemas`); platform.test.ts compiles them all, so a schema the writer cannot take
  // fails a test.
  let write: ((data: unknown) => string) | undefined;
  return (data) => {
    write ??= responseWriter(schema);
    return write(data);
  };
};

/** The fast-json-stringify writer of a zod response schema. */
export function responseWriter(schema: z.ZodType): (data: unknown) => string {
  return fastJson(
    z.toJSONSchema(schema, {
      io: 'output',
      target: 'draft-7',
      unrepresentable: 'any',
      override: ({ jsonSchema }) => {
        if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
      },
    }) as AnySchema,
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route's response schemas, as given to the writers' compiler (platform.test.ts compiles each). */
    responseSchemas: z.ZodType[];
  }
}

/**
 * A JSON answer too large to build as objects for the route's writer (a credit check of 10,000 entities is ~16 MB): the
 * route writes it as text chunks in its declared schema (the route's tests hold it to it) and Fastify streams them,
 * skipping the writer above. The console route's audit row is still written before the first byte leaves.
 */
export function jsonStream(reply: FastifyReply, chunks: Iterable<string>): Readable {
  reply.type('application/json; charset=utf-8');
  return Readable.from(chunks, { objectMode: false });
}
