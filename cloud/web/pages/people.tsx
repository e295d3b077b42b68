/** Members, invitations and spaces of a site. */
import { useSignal } from "@preact/signals";
import { SITE_ROLES, type SiteRole } from "../../../shared/roles/index.ts";
import {
  ActionButton,
  Async,
  ErrorNote,
  Field,
  Form,
  PageTitle,
  Select,
  Table,
  useAsync,
} from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { Link, navigate } from "../../../shared/ui/router.tsx";
import { api, session } from "../api.ts";
import { forgetLinkToken, linkFor, linkToken } from "../link-token.ts";
import type { Invite, Site } from "../types.ts";
import { LinkProblem } from "./mailed-link.tsx";
import { zoneOf } from "./site.tsx";

/** Site roles in words (the API's enum stays the value). */
const ROLE_WORDS: Record<SiteRole, string> = Object.fromEntries(
  SITE_ROLES.map((r) => [r, r.charAt(0) + r.slice(1).toLowerCase()]),
) as Record<SiteRole, string>;

/** An owner changes a member's role in place; the server refuses taking the last owner away (in words). */
function RoleSelect({
  who,
  role,
  onChange,
}: {
  who: string;
  role: SiteRole;
  onChange: (role: SiteRole) => Promise<void>;
}) {
  const busy = useSignal(false);
  const error = useSignal<unknown>(null);
  return (
    <>
      <select
        aria-label={`Change ${who} role`}
        value={role}
        disabled={busy.value}
        onChange={async (e) => {
          const next = (e.currentTarget as HTMLSelectElement).value as SiteRole;
          busy.value = true;
          error.value = null;
          try {
            await onChange(next);
          } catch (err) {
            error.value = err;
            (e.currentTarget as HTMLSelectElement).value = role;
          } finally {
            busy.value = false;
          }
        }}
      >
        {SITE_ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_WORDS[r]}
          </option>
        ))}
      </select>
      <ErrorNote error={error.value} />
    </>
  );
}

export function People({ site }: { site: Site }) {
  const zone = zoneOf(site);
  const owner = site.role === "OWNER";
  const members = useAsync(() => api.members(site.id), [site.id]);
  const invites = useAsync(() => (owner ? api.invites(site.id) : Promise.resolve([] as Invite[])), [site.id]);
  const spaces = useAsync(() => api.spaces(site.id), [site.id]);
  const email = useSignal("");
  const role = useSignal<string>("MAINTAINER");
  const space = useSignal("");
  const lastInvite = useSignal<Invite | null>(null);
  const me = session.value?.user.id;
  return (
    <>
      <PageTitle>People and spaces</PageTitle>
      <h2>Members</h2>
      <Async state={members}>
        {(list) => (
          <Table
            caption="Members"
            rows={list}
            rowKey={(m) => m.userId}
            columns={[
              {
                label: "Member",
                // A name, never an id: the display name, else the email; "former member" if accounts forgot them.
                cell: (m) => (
                  <>
                    {m.name ?? "a former member"}
                    {m.userId === me && " (you)"}
                    {m.email && m.email !== m.name && <div class="muted">{m.email}</div>}
                  </>
                ),
              },
              {
                label: "Role",
                cell: (m) =>
                  owner ? (
                    <RoleSelect
                      who={m.userId === me ? "your" : `${m.name ?? "this member"}'s`}
                      role={m.role}
                      onChange={async (r) => {
                        await api.changeRole(site.id, m.userId, r);
                        await members.reload();
                      }}
                    />
                  ) : (
                    ROLE_WORDS[m.role]
                  ),
              },
              { label: "Since", cell: (m) => formatTime(m.createdAt, zone) },
              {
                label: "",
                cell: (m) =>
                  owner || m.userId === me ? (
                    <ActionButton
                      class="secondary"
                      label={m.userId === me ? "Leave this site" : `Remove member ${m.name ?? ""}`.trim()}
                      onClick={async () => {
                        await api.removeMember(site.id, m.userId);
                        if (m.userId === me) navigate("/");
                        else await members.reload();
                      }}
                    >
                      {m.userId === me ? "Leave" : "Remove"}
                    </ActionButton>
                  ) : null,
              },
            ]}
          />
        )}
      </Async>
      {owner && (
        <>
          <h2>Invitations</h2>
          <Async state={invites}>
            {(list) => (
              <Table
                caption="Pending invitations"
                rows={list}
                rowKey={(i) => i.id}
                empty="No pending invitations."
                columns={[
                  { label: "Email", cell: (i) => i.email },
                  { label: "Role", cell: (i) => ROLE_WORDS[i.role] },
                  { label: "Expires", cell: (i) => formatTime(i.expiresAt, zone) },
                  {
                    label: "",
                    cell: (i) => (
                      <ActionButton
                        class="secondary"
                        label={`Withdraw invitation for ${i.email}`}
                        onClick={async () => {
                          await api.withdrawInvite(site.id, i.id);
                          await invites.reload();
                        }}
                      >
                        Withdraw
                      </ActionButton>
                    ),
                  },
                ]}
              />
            )}
          </Async>
          <Form
            submit="Send invitation"
            label="Invite someone"
            onSubmit={async () => {
              lastInvite.value = await api.invite(site.id, email.value, role.value as SiteRole);
              email.value = "";
              await invites.reload();
            }}
          >
            <Field label="Email" type="email" value={email} required />
            <Select
              label="Role"
              value={role}
              options={SITE_ROLES.map((r) => ({ value: r, label: ROLE_WORDS[r] }))}
            />
          </Form>
          {lastInvite.value?.token && (
            <p role="status">
              Invitation sent. To share it by hand, the link is{" "}
              <code>{linkFor("/invites", lastInvite.value.token)}</code>
            </p>
          )}
        </>
      )}
      <h2>Spaces</h2>
      <Async state={spaces}>
        {(list) => (
          <Table
            caption="Spaces"
            rows={list}
            rowKey={(s) => s.id}
            empty="No spaces yet."
            columns={[
              { label: "Name", cell: (s) => s.name },
              {
                label: "",
                cell: (s) =>
                  owner ? (
                    <ActionButton
                      class="secondary"
                      label={`Delete space ${s.name}`}
                      onClick={async () => {
                        await api.deleteSpace(site.id, s.id);
                        await spaces.reload();
                      }}
                    >
                      Delete
                    </ActionButton>
                  ) : null,
              },
            ]}
          />
        )}
      </Async>
      {site.role !== "GUEST" && (
        <Form
          submit="Add space"
          label="Add a space"
          onSubmit={async () => {
            await api.createSpace(site.id, space.value);
            space.value = "";
            await spaces.reload();
          }}
        >
          <Field label="Space name" value={space} required maxLength={120} />
        </Form>
      )}
    </>
  );
}

/**
 * The mailed invitation link (`/invites#token=…`, kept by link-token.ts). Signed out, the app sends the person to
 * sign in (or up) first and back here after; accepting needs the address the invitation was sent to, verified.
 */
export function AcceptInvite() {
  const link = linkToken("/invites");
  return (
    <>
      <PageTitle>Join a site</PageTitle>
      {"token" in link ? (
        <>
          <p>
            You are signed in as {session.value?.user.email}. The invitation works for the address it was sent
            to.
          </p>
          <Form
            submit="Accept invitation"
            label="Accept invitation"
            onSubmit={async () => {
              const r = await api.acceptInvite(link.token);
              forgetLinkToken("/invites");
              navigate(r?.siteId ? `/sites/${r.siteId}` : "/", true);
            }}
          />
          <p>
            <a
              href="/"
              onClick={(e) => {
                e.preventDefault();
                forgetLinkToken("/invites");
                navigate("/");
              }}
            >
              Not now
            </a>
          </p>
        </>
      ) : (
        <LinkProblem problem={link.problem}>
          Ask the site's owner to send the invitation again. <Link href="/">Go to your sites</Link>
        </LinkProblem>
      )}
    </>
  );
}
