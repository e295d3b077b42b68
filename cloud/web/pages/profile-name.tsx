/** The person's display name: what members lists, alarm acknowledgements and the hub's records show instead of an email or id. */
import { useSignal } from "@preact/signals";
import { Async, Field, Form, useAsync } from "../../../shared/ui/components.tsx";
import { profile } from "../api.ts";

export function ProfileName() {
  const current = useAsync(profile.name);
  const name = useSignal("");
  const saved = useSignal(false);
  return (
    <section aria-labelledby="your-name">
      <h2 id="your-name">Your name</h2>
      <Async state={current} what="Loading your name">
        {(n) => (
          <>
            <p>{n ? `Others see you as ${n}.` : "No name set: others see your email address."}</p>
            <Form
              submit="Save name"
              label="Your name"
              onSubmit={async () => {
                saved.value = false;
                await profile.setName(name.value.trim());
                name.value = "";
                saved.value = true;
                await current.reload();
              }}
            >
              <Field label="Display name" value={name} required maxLength={80} autoComplete="name" />
            </Form>
            {saved.value && (
              <p class="ok" role="status">
                Saved.
              </p>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
