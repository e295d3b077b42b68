/** OpenAPI descriptions for routes, built from the same zod schemas the routes validate with (hono-openapi). */
import type { MiddlewareHandler } from "hono";
import type { BlankInput } from "hono/types";
import { describeRoute, resolver } from "hono-openapi";
import { z } from "zod";
import { ERROR_CODES } from "../../shared/errors/index.ts";
import type { AppEnv } from "./index.ts";

/** The one error body (design: Security), as the document shows it. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
});

type ResponseSpec = string | { description: string; schema: z.ZodType };

export interface RouteDoc {
  summary: string;
  tag: string;
  /** Who may call: "user" needs a bearer access token, "hub" a hub token, "public" nothing. */
  auth: "user" | "hub" | "public";
  body?: z.ZodType;
  /** The query the route reads (with the same schema); it types the owner app's client, not yet the document. */
  query?: z.ZodType;
  responses: Record<number, ResponseSpec>;
}

/**
 * What a documented body and query tell the route's type (and so the owner app's typed client): the JSON
 * and the query parameters it takes. The handler still reads and checks them with the same schemas.
 */
type Declared<B, Q> = {
  in: (B extends z.ZodType ? { json: z.input<B> } : BlankInput) &
    (Q extends z.ZodType ? { query: z.input<Q> } : BlankInput);
};

/** Describes one route; error statuses reference the shared error body. */
export function doc<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  spec: RouteDoc & { body?: B; query?: Q },
): MiddlewareHandler<AppEnv, string, Declared<B, Q>> {
  const responses = Object.fromEntries(
    Object.entries(spec.responses).map(([status, r]) => {
      const { description, schema } =
        typeof r === "string"
          ? { description: r, schema: Number(status) >= 400 ? errorBodySchema : undefined }
          : r;
      return [
        status,
        schema
          ? { description, content: { "application/json": { schema: resolver(schema) } } }
          : { description },
      ];
    }),
  );
  return describeRoute({
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.auth === "public"
      ? { security: [] }
      : { security: [{ [spec.auth === "user" ? "bearer" : "hubToken"]: [] }] }),
    ...(spec.body
      ? { requestBody: { required: true, content: { "application/json": { schema: resolver(spec.body) } } } }
      : {}),
    responses,
  });
}
