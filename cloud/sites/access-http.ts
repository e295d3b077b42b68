/** Who is in a site and where: spaces, members and invitations (every route checks membership and role). */
import { Hono } from "hono";
import { type AppEnv, currentUser, doc, readJson } from "../http/index.ts";
import type { SitesHttpDeps } from "./http.ts";
import {
  acceptInvite,
  acceptInviteSchema,
  inviteMember,
  inviteSchema,
  listInvites,
  revokeInvite,
} from "./invites.ts";
import { changeMemberRole, listMembers, memberRoleSchema, removeMember } from "./members.ts";
import { createSpace, deleteSpace, listSpaces, spaceSchema } from "./spaces.ts";

const member = { 401: "no or bad token", 403: "not a member (or no such site)" };
const owner = { 401: "no or bad token", 403: "not an OWNER (or no such site)" };

export function siteAccessHttp(deps: SitesHttpDeps) {
  const who = (c: Parameters<typeof currentUser>[0]) => ({
    siteId: c.req.param("siteId") ?? "",
    userId: currentUser(c).id,
  });

  return new Hono<AppEnv>()
    .use("/v1/sites/*", deps.requireUser)
    .use("/v1/invites/*", deps.requireUser)
    .get(
      "/v1/sites/:siteId/spaces",
      doc({
        summary: "The site's spaces",
        tag: "spaces",
        auth: "user",
        responses: { 200: "spaces", ...member },
      }),
      async (c) => c.json({ spaces: await listSpaces(deps, who(c)) }),
    )
    .post(
      "/v1/sites/:siteId/spaces",
      doc({
        summary: "Add a space",
        tag: "spaces",
        auth: "user",
        body: spaceSchema,
        responses: { 201: "space", 400: "bad input", 401: "no or bad token", 403: "not OWNER or MAINTAINER" },
      }),
      async (c) => {
        const { name } = await readJson(c, spaceSchema);
        return c.json(await createSpace(deps, { ...who(c), name }), 201);
      },
    )
    .delete(
      "/v1/sites/:siteId/spaces/:spaceId",
      doc({
        summary: "Delete a space",
        tag: "spaces",
        auth: "user",
        responses: { 204: "deleted", ...owner, 404: "no such space" },
      }),
      async (c) => {
        await deleteSpace(deps, { ...who(c), spaceId: c.req.param("spaceId") });
        return c.body(null, 204);
      },
    )
    .get(
      "/v1/sites/:siteId/members",
      doc({
        summary: "The site's members and roles",
        tag: "members",
        auth: "user",
        responses: { 200: "members", ...member },
      }),
      async (c) => c.json({ members: await listMembers(deps, who(c)) }),
    )
    .patch(
      "/v1/sites/:siteId/members/:memberId",
      doc({
        summary: "Change a member's role (never the last OWNER away)",
        tag: "members",
        auth: "user",
        body: memberRoleSchema,
        responses: { 200: "member", 400: "bad input", ...owner, 404: "no such member", 409: "last OWNER" },
      }),
      async (c) => {
        const { role } = await readJson(c, memberRoleSchema);
        return c.json(await changeMemberRole(deps, { ...who(c), memberId: c.req.param("memberId"), role }));
      },
    )
    .delete(
      "/v1/sites/:siteId/members/:memberId",
      doc({
        summary: "Remove a member (OWNER), or leave (yourself)",
        tag: "members",
        auth: "user",
        responses: { 204: "removed", ...owner, 404: "no such member", 409: "last OWNER" },
      }),
      async (c) => {
        await removeMember(deps, { ...who(c), memberId: c.req.param("memberId") });
        // A removed member's open live sockets end now, not at their next reconnect.
        await deps.ledgers.disconnect(c.req.param("siteId"), c.req.param("memberId"));
        return c.body(null, 204);
      },
    )
    .post(
      "/v1/sites/:siteId/invites",
      doc({
        summary: "Invite an email with a role (emailed link; token answered once)",
        tag: "members",
        auth: "user",
        body: inviteSchema,
        responses: { 201: "invitation", 400: "bad input", ...owner },
      }),
      async (c) => {
        const body = await readJson(c, inviteSchema);
        c.header("cache-control", "no-store");
        return c.json(await inviteMember(deps, { ...who(c), ...body }), 201);
      },
    )
    .get(
      "/v1/sites/:siteId/invites",
      doc({
        summary: "Pending invitations",
        tag: "members",
        auth: "user",
        responses: { 200: "invitations", ...owner },
      }),
      async (c) => c.json({ invites: await listInvites(deps, who(c)) }),
    )
    .delete(
      "/v1/sites/:siteId/invites/:inviteId",
      doc({
        summary: "Withdraw an invitation",
        tag: "members",
        auth: "user",
        responses: { 204: "withdrawn", ...owner, 404: "no such pending invitation" },
      }),
      async (c) => {
        await revokeInvite(deps, { ...who(c), inviteId: c.req.param("inviteId") });
        return c.body(null, 204);
      },
    )
    .post(
      "/v1/invites/accept",
      doc({
        summary: "Accept an invitation addressed to the caller's email",
        tag: "members",
        auth: "user",
        body: acceptInviteSchema,
        responses: {
          200: "joined",
          400: "bad input",
          401: "no or bad token",
          403: "invalid, used, revoked, expired, another email, or the email is not verified yet",
        },
      }),
      async (c) => {
        const { token } = await readJson(c, acceptInviteSchema);
        const user = currentUser(c);
        return c.json(
          await acceptInvite(deps, {
            token,
            userId: user.id,
            email: user.email,
            emailVerified: user.emailVerified === true,
          }),
        );
      },
    );
}
