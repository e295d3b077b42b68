/** Sync with the cloud: whether the hub is claimed, the last contact and error, desired state; claim it. */
import { useSignal } from "@preact/signals";
import { Async, Field, Form, PageTitle, useAsync } from "../../../../shared/ui/components.tsx";
import { formatAgo, formatTime } from "../../../../shared/ui/format.ts";
import { hub } from "../api.ts";

export function Sync() {
  const status = useAsync(hub.cloud, [], 3000);
  const url = useSignal("");
  const code = useSignal("");
  const name = useSignal("Outpost hub");
  return (
    <>
      <PageTitle>Cloud sync</PageTitle>
      <Async state={status}>
        {(s) => (
          <>
            <dl>
              <dt>Claimed</dt>
              <dd>
                {s.claimed
                  ? `yes${s.siteId ? `, site ${s.siteId}` : ""}${s.cloudUrl ? ` at ${s.cloudUrl}` : ""}`
                  : "no"}
              </dd>
              <dt>Last successful contact</dt>
              <dd>
                {formatTime(s.lastSuccessAt)} ({formatAgo(s.lastSuccessAt)})
              </dd>
              <dt>Last error</dt>
              <dd class={s.lastError ? "error" : ""}>{s.lastError ?? "none"}</dd>
              <dt>Failures in a row</dt>
              <dd>{s.consecutiveFailures}</dd>
              <dt>Events acknowledged by the cloud</dt>
              <dd>{s.ackedSeq}</dd>
              {s.desiredState && (
                <>
                  <dt>Settings from the cloud</dt>
                  <dd class={s.desiredState.lastError ? "error" : ""}>
                    version {s.desiredState.version ?? "none"}, applied {formatTime(s.desiredState.appliedAt)}
                    {s.desiredState.lastError ? ` — failed: ${s.desiredState.lastError}` : ""}
                  </dd>
                </>
              )}
            </dl>
            {!s.claimed && (
              <>
                <h2>Claim this hub</h2>
                <p>Make a claim code in the owner app (site → Hubs) and enter it here.</p>
                <Form
                  submit="Claim"
                  label="Claim this hub"
                  onSubmit={async () => {
                    await hub.claim(url.value.trim(), code.value.trim(), name.value);
                    await status.reload();
                  }}
                >
                  <Field label="Cloud address" type="url" value={url} placeholder="https://…" required />
                  <Field label="Claim code" value={code} required />
                  <Field label="Hub name" value={name} required maxLength={80} />
                </Form>
              </>
            )}
          </>
        )}
      </Async>
    </>
  );
}
