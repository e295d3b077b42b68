/** The site's hubs: claim codes for a new one, revocation, and a sign-in token for a hub's console. */
import { useSignal } from "@preact/signals";
import {
  ActionButton,
  Async,
  ErrorNote,
  PageTitle,
  Table,
  useAsync,
} from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { api } from "../api.ts";
import type { ClaimCode, Site } from "../types.ts";
import { zoneOf } from "./site.tsx";

export function Hubs({ site }: { site: Site }) {
  const zone = zoneOf(site);
  const hubs = useAsync(() => api.hubs(site.id), [site.id]);
  const code = useSignal<ClaimCode | null>(null);
  const hubToken = useSignal<string | null>(null);
  const tokenError = useSignal<unknown>(null);
  const owner = site.role === "OWNER";
  return (
    <>
      <PageTitle>Hubs</PageTitle>
      <Async state={hubs}>
        {(list) => (
          <Table
            caption="Hubs"
            rows={list}
            rowKey={(h) => h.id}
            empty="No hub is claimed yet."
            columns={[
              { label: "Hub", cell: (h) => h.name },
              { label: "Claimed", cell: (h) => formatTime(h.claimedAt, zone) },
              {
                label: "State",
                cell: (h) => (h.revokedAt ? `revoked ${formatTime(h.revokedAt, zone)}` : "active"),
              },
              {
                label: "",
                cell: (h) =>
                  owner && !h.revokedAt ? (
                    <ActionButton
                      class="danger"
                      label={`Revoke hub ${h.name}`}
                      onClick={async () => {
                        if (!confirm(`Revoke ${h.name}? Its sync is refused from now on.`)) return;
                        await api.revokeHub(site.id, h.id);
                        await hubs.reload();
                      }}
                    >
                      Revoke
                    </ActionButton>
                  ) : null,
              },
            ]}
          />
        )}
      </Async>
      {owner && (
        <>
          <h2>Claim a new hub</h2>
          <p>Enter this one-time code on the new hub (console → Sync → Claim). It is valid for 24 hours.</p>
          <ActionButton
            onClick={async () => {
              code.value = await api.claimCode(site.id);
            }}
          >
            Make a claim code
          </ActionButton>
          {code.value && (
            <p role="status">
              <span class="secret" data-testid="claim-code">
                {code.value.code}
              </span>{" "}
              valid until {formatTime(code.value.expiresAt, zone)}
            </p>
          )}
        </>
      )}
      <h2>Sign in on the hub console</h2>
      <p>
        A token that signs you in on this site's hub console for 12 hours, even with no internet there: copy
        it and paste it on the console's sign-in page. The hub must have synced since you became a member.
      </p>
      <button
        type="button"
        class="secondary"
        onClick={async () => {
          tokenError.value = null;
          try {
            hubToken.value = (await api.hubToken(site.id)).token;
          } catch (err) {
            tokenError.value = err;
          }
        }}
      >
        Get a console token
      </button>
      <ErrorNote error={tokenError.value} />
      {hubToken.value && <TokenCopy token={hubToken.value} />}
    </>
  );
}

/**
 * The token (about 700 characters) with a Copy button: nobody should copy it by hand. Where the browser
 * refuses the clipboard, the token is selected for the phone's own copy.
 */
function TokenCopy({ token }: { token: string }) {
  const copied = useSignal<"copied" | "select" | null>(null);
  return (
    <div class="token-copy">
      <p class="secret" id="console-token">
        {token}
      </p>
      <button
        type="button"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(token);
            copied.value = "copied";
          } catch {
            const text = document.getElementById("console-token");
            if (text) window.getSelection()?.selectAllChildren(text);
            copied.value = "select";
          }
        }}
      >
        Copy token
      </button>
      {copied.value && (
        <span role="status">
          {copied.value === "copied"
            ? " Copied. Paste it on the console's sign-in page."
            : " Selected: copy it with your device's own Copy."}
        </span>
      )}
    </div>
  );
}
